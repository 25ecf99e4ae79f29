package dev.aurora.operator.scheduling;

import java.time.Instant;
import java.util.List;

/** Progress of a rolling update (or of the last one), in Aurora's job update statuses. */
public record UpdateView(String id, UpdateState state, String fromConfig, String toConfig, int instancesUpdated,
                         int instancesTotal, List<Integer> failedInstances, Instant startedAt, Instant finishedAt,
                         String message) {
  public UpdateView {
    failedInstances = List.copyOf(failedInstances);
  }

  /** Aurora's JobUpdateStatus. */
  public enum UpdateState {
    ROLLING_FORWARD, ROLL_FORWARD_PAUSED, ROLL_FORWARD_AWAITING_PULSE,
    ROLLING_BACK, ROLL_BACK_PAUSED, ROLL_BACK_AWAITING_PULSE,
    ROLLED_FORWARD, ROLLED_BACK, ABORTED, ERROR, FAILED;

    /** Not ended yet: rolling, paused or awaiting a pulse. */
    public boolean inFlight() {
      return !terminal();
    }

    public boolean terminal() {
      return this == ROLLED_FORWARD || this == ROLLED_BACK || this == ABORTED || this == ERROR || this == FAILED;
    }
  }
}
