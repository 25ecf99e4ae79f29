package dev.aurora.backend;

/**
 * Receives a backend's reports. Called from one backend thread at a time, in the order the backend observed them;
 * implementations must not block for long. The same state may be reported more than once (Mesos delivers at least
 * once, an unacknowledged update comes again, and reconciliation repeats the latest state), so listeners must be
 * idempotent.
 */
public interface TaskStatusListener {
  void onStatus(TaskStatusEvent event);

  /**
   * Every task the backend knew when it started, and every id it was asked about, has been reported once: a task the
   * listener expected and has not heard of by now is not running anywhere the backend can see.
   */
  void onInitialReportComplete();
}
