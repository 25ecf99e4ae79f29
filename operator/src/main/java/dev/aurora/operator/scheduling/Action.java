package dev.aurora.operator.scheduling;

/** What a transition asks to be done once the record it produced is durable. Carried out by {@link EffectRunner}. */
public sealed interface Action {
  /** Hand a task to the backend (the record already holds it, PENDING). */
  record Launch(String taskId, int instanceId, String config) implements Action {}

  /** Ask the backend to kill a task (the record already marks it killRequested). */
  record Kill(String taskId) implements Action {}

  /**
   * Ask an SLA coordinator whether the task may be taken down (a Coordinator SLA policy); carried out off the
   * scheduling loop, the answer comes back as {@link JobEvent.CoordinatorAnswer}.
   *
   * @param statusKey the key of the answer's JSON that says yes or no (Aurora's default {@code drain} when null)
   */
  record AskCoordinator(int instanceId, String taskId, String url, String statusKey) implements Action {}

  /** Something the operator's log should say. */
  record Notice(String reason, String message, boolean warning) implements Action {}

  /**
   * News for the people who run the job, which the status cannot keep (it shows only each instance's current task): a
   * Kubernetes Event on the AuroraJob, and a log line.
   */
  record Event(String reason, String message, boolean warning) implements Action {}
}
