package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.util.Map;

/** What can happen to a job: the inputs of {@link JobMachine}. */
public sealed interface JobEvent {
  /** A valid spec: make {@code target} the job's desired config, with what the spec says about instances and update. */
  record Apply(JobConfig target, JobControls controls) implements JobEvent {
    public Apply {
      controls = controls == null ? JobControls.NONE : controls;
    }

    public Apply(JobConfig target) {
      this(target, JobControls.NONE);
    }
  }

  /**
   * The backend reported a task of the job. {@code instanceId} is the instance the record has the task under (the
   * caller's index says; -1 for a task the record holds among the retiring ones).
   */
  record TaskReport(String taskId, int instanceId, TaskState state, String host, Map<String, Integer> ports,
                    String message, String sandbox)
      implements JobEvent {
    public TaskReport {
      ports = ports == null ? Map.of() : Map.copyOf(ports);
      message = message == null ? "" : message;
    }

    /** A report without a sandbox location (the backend did not name one). */
    public TaskReport(String taskId, int instanceId, TaskState state, String host, Map<String, Integer> ports,
                      String message) {
      this(taskId, instanceId, state, host, ports, message, null);
    }
  }

  /**
   * An SLA coordinator answered (or failed to answer) whether the task of an instance may be taken down by the update.
   *
   * @param detail what the answer was, for the update's message when it is no
   */
  record CoordinatorAnswer(int instanceId, String taskId, boolean allowed, String detail) implements JobEvent {
    public CoordinatorAnswer {
      detail = detail == null ? "" : detail;
    }
  }

  /** Time passed (the context's clock): throttles, watch_secs, cron triggers, relaunches that came due. */
  record Tick() implements JobEvent {}

  /** The resource is being deleted: kill every task, replace none. */
  record Delete() implements JobEvent {}
}
