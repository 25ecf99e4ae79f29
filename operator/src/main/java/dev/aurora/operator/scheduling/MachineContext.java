package dev.aurora.operator.scheduling;

import dev.aurora.backend.JobKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.DoubleSupplier;

/**
 * What a transition may read besides the record and the event: the time, the settings, whether launching is safe yet
 * (the backend has reported what already runs), and the two sources of novelty a scheduler needs (task ids and the
 * throttle's jitter). Tests pass fixed ones, so a transition is a pure function of its inputs.
 */
public record MachineContext(SchedulerSettings settings, Instant now, boolean launchesAllowed, TaskIdSource taskIds,
                             DoubleSupplier random) {
  /** Makes a new, unique task id for an instance of a job. */
  @FunctionalInterface
  public interface TaskIdSource {
    String next(JobKey job, int instanceId);
  }

  ZoneId cronZone() {
    return ZoneId.of(settings.cronTimeZone());
  }
}
