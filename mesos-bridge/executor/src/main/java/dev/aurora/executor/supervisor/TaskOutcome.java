package dev.aurora.executor.supervisor;

import dev.aurora.executor.runtime.TaskState;

/**
 * How a task ended: the terminal Thermos state, what ended it and a message for humans.
 *
 * @param state SUCCESS, FAILED, KILLED or LOST
 */
public record TaskOutcome(TaskState state, Cause cause, String message) {
  /** Why the task ended, as far as a scheduler needs to know (the Mesos layer maps it to a reason). */
  public enum Cause {
    /** The task ran to its end on its own. */
    COMPLETED,
    /** Someone asked to kill it. */
    KILLED,
    /** The health check declared it unhealthy. */
    HEALTH_CHECK,
    /** Its sandbox outgrew {@code resources.disk}. */
    DISK_LIMIT,
    /** The task document could not be run. */
    INVALID_TASK,
    /** The sandbox could not be set up for the task (its role's user is missing on this host, say). */
    SANDBOX,
    /** The task's ServerSet could not be joined: no ZooKeeper connection within the health check's warm-up. */
    ANNOUNCER,
    /** The executor itself failed. */
    EXECUTOR_ERROR
  }
}
