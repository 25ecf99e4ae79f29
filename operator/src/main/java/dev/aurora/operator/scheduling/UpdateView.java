package dev.aurora.operator.scheduling;

import java.time.Instant;
import java.util.List;

/** Progress of a rolling update (or of the last one), in Aurora's job update statuses. */
public record UpdateView(UpdateState state, String fromConfig, String toConfig, int instancesUpdated,
                         int instancesTotal, List<Integer> failedInstances, Instant startedAt, Instant finishedAt,
                         String message) {
  public UpdateView {
    failedInstances = List.copyOf(failedInstances);
  }

  /** The statuses our updates pass through (no pulses or pauses: nobody drives them from a CLI). */
  public enum UpdateState {
    ROLLING_FORWARD, ROLLING_BACK, ROLLED_FORWARD, ROLLED_BACK, FAILED, ABORTED;

    public boolean inFlight() {
      return this == ROLLING_FORWARD || this == ROLLING_BACK;
    }
  }
}
