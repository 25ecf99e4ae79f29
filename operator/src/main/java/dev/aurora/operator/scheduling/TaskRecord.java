package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.time.Instant;
import java.util.Map;

/** One task as the core knows it. Touched only on the core's loop thread. */
final class TaskRecord {
  final String taskId;
  final int instanceId;
  /** The config the task runs: a full config hash, or only its 8-character prefix for an adopted task. */
  final String configHash;
  TaskState state;
  String host;
  Map<String, Integer> ports = Map.of();
  String message = "";
  /** When the task entered its current state. */
  Instant since;
  final Instant launchedAt;
  /** The core asked for this task to die: its end is expected, not a failure to react to. */
  boolean killRequested;

  TaskRecord(String taskId, int instanceId, String configHash, TaskState state, Instant now) {
    this.taskId = taskId;
    this.instanceId = instanceId;
    this.configHash = configHash;
    this.state = state;
    this.since = now;
    this.launchedAt = now;
  }

  boolean active() {
    return !state.isTerminal();
  }

  boolean runs(String hash) {
    return hash != null && (configHash.equals(hash) || (configHash.length() < hash.length() && hash.startsWith(
        configHash)));
  }
}
