package dev.aurora.executor.mesos;

import dev.aurora.executor.supervisor.TaskOutcome;

/** Terminal Thermos outcomes as Mesos task states and reasons (AURORA.md §6.6, MESOS.md A.9). */
final class TaskStatusMapping {
  private TaskStatusMapping() {}

  static String state(TaskOutcome outcome) {
    return switch (outcome.state()) {
      case SUCCESS -> "TASK_FINISHED";
      case KILLED -> "TASK_KILLED";
      case LOST -> "TASK_LOST";
      default -> "TASK_FAILED";
    };
  }

  /** Null when Mesos has no reason that says more than the state itself. */
  static String reason(TaskOutcome outcome) {
    return switch (outcome.cause()) {
      case HEALTH_CHECK -> "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED";
      case DISK_LIMIT -> "REASON_CONTAINER_LIMITATION_DISK";
      case INVALID_TASK -> "REASON_TASK_INVALID";
      case EXECUTOR_ERROR -> "REASON_EXECUTOR_TERMINATED";
      default -> null;
    };
  }
}
