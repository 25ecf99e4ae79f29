package dev.aurora.operator.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An SLA-aware update waits to take one instance's task down until the job's SLA policy allows it (Aurora's
 * SlaKillController): the check is retried with a doubling delay between the operator's minimum and maximum.
 *
 * @param taskId the task the update wants to kill; a wait for another task is stale
 * @param nextCheck when the SLA is checked again (or the coordinator asked again)
 * @param lastDelay the delay before {@code nextCheck}; zero before the first retry
 * @param approved the coordinator answered yes: the task may go at the next step the update is not held
 * @param status what the last check found, for {@code status.update.message}
 */
public record SlaWait(String taskId, Instant nextCheck, Duration lastDelay, boolean approved, String status) {
  public SlaWait {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(nextCheck, "nextCheck");
    lastDelay = lastDelay == null ? Duration.ZERO : lastDelay;
    status = status == null ? "" : status;
  }
}
