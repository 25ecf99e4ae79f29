package dev.aurora.backend;

/**
 * Receives task status events. Called from one backend thread at a time, in the order the backend observed them;
 * implementations must not block for long. The same state may be reported more than once (Mesos delivers at least
 * once and reconciliation repeats the latest state), so listeners must be idempotent.
 */
@FunctionalInterface
public interface TaskStatusListener {
  void onStatus(TaskStatusEvent event);
}
