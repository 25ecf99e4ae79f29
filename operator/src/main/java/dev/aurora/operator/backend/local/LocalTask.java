package dev.aurora.operator.backend.local;

import dev.aurora.backend.TaskState;
import java.time.Instant;
import java.util.Map;

/**
 * What the backend knows of one task. Only the backend's loop thread touches it. {@code process} is set when this
 * backend started the executor (its exit status is then known); {@code executor} is set while the executor may be
 * alive, whether started here or adopted.
 */
final class LocalTask {
  final TaskDirectory dir;
  TaskState state;
  String host;
  Map<String, Integer> ports = Map.of();
  Process process;
  ProcessHandle executor;
  OutputFollower output;
  Instant killDeadline;
  boolean escalated;

  LocalTask(TaskDirectory dir, TaskState state) {
    this.dir = dir;
    this.state = state;
  }

  String taskId() {
    return dir.taskId();
  }

  boolean killRequested() {
    return killDeadline != null;
  }
}
