package dev.aurora.mesos;

import dev.aurora.backend.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Mesos task states to Aurora's ScheduleStatus (MESOS.md A.9 → AURORA.md §7.1), the way Aurora's scheduler read them.
 * The framework is PARTITION_AWARE, so the master tells an unreachable agent's tasks (TASK_UNREACHABLE) and tasks it
 * cannot account for (TASK_UNKNOWN) apart from lost ones: both are PARTITIONED, which the scheduler keeps until the
 * job's partition_policy gives them up, as Aurora's scheduler mapped them. TASK_DROPPED, TASK_GONE and
 * TASK_GONE_BY_OPERATOR mean the task is not running anywhere: LOST.
 */
public final class StatusMapping {
  private StatusMapping() {
  }

  public static TaskState toAurora(org.apache.mesos.v1.Protos.TaskState state) {
    switch (state) {
      case TASK_STAGING:
      case TASK_STARTING:
        return TaskState.STARTING;
      case TASK_RUNNING:
        return TaskState.RUNNING;
      case TASK_KILLING:
        return TaskState.KILLING;
      case TASK_FINISHED:
        return TaskState.FINISHED;
      case TASK_FAILED:
      // An invalid task would fail again on every host: count it as a failure rather than a LOST that is retried
      // forever.
      case TASK_ERROR:
        return TaskState.FAILED;
      case TASK_KILLED:
        return TaskState.KILLED;
      case TASK_UNREACHABLE:
      case TASK_UNKNOWN:
        return TaskState.PARTITIONED;
      case TASK_LOST:
      case TASK_DROPPED:
      case TASK_GONE:
      case TASK_GONE_BY_OPERATOR:
      default:
        return TaskState.LOST;
    }
  }

  /** A one-line explanation: the status message plus its reason and source, e.g. for status.instances[].message. */
  public static String describe(TaskStatus status) {
    StringBuilder text = new StringBuilder(status.hasMessage() ? status.getMessage() : "");
    if (status.hasReason() || status.hasSource()) {
      text.append(text.length() == 0 ? "" : " ").append('(').append(status.getState().name());
      if (status.hasReason()) {
        text.append(", ").append(status.getReason().name());
      }
      if (status.hasSource()) {
        text.append(", ").append(status.getSource().name());
      }
      text.append(')');
    }
    return text.toString();
  }
}
