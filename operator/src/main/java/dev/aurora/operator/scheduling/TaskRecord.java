package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One task as the scheduler's record holds it.
 *
 * @param config the hash of the config the task runs
 * @param since when the task entered its current state
 * @param launchedAt when the task was launched (the flapping rule measures from here)
 * @param killRequested the scheduler asked for this task to die: its end is expected, not a failure to react to
 * @param sandbox where the task's sandbox can be read (a URI the backend reported), or null
 */
public record TaskRecord(String taskId, int instanceId, String config, TaskState state, Instant since,
                         Instant launchedAt, String host, Map<String, Integer> ports, String message,
                         boolean killRequested, String sandbox) {
  public TaskRecord {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(launchedAt, "launchedAt");
    ports = ports == null ? Map.of() : Map.copyOf(ports);
    message = message == null ? "" : message;
  }

  /** A task just handed to the backend: PENDING until it is placed. */
  static TaskRecord launched(String taskId, int instanceId, String config, Instant now) {
    return new TaskRecord(taskId, instanceId, config, TaskState.PENDING, now, now, null, Map.of(), "", false, null);
  }

  boolean active() {
    return !state.isTerminal();
  }

  boolean runs(String hash) {
    return config.equals(hash);
  }

  TaskRecord withState(TaskState next, Instant now) {
    return next == state ? this
        : new TaskRecord(taskId, instanceId, config, next, now, launchedAt, host, ports, message, killRequested,
            sandbox);
  }

  TaskRecord withReport(String newHost, Map<String, Integer> newPorts, String newMessage) {
    return withReport(newHost, newPorts, newMessage, null);
  }

  /** What a report adds: a null or empty value keeps what the record knew (a reconciliation names less). */
  TaskRecord withReport(String newHost, Map<String, Integer> newPorts, String newMessage, String newSandbox) {
    return new TaskRecord(taskId, instanceId, config, state, since, launchedAt, newHost == null ? host : newHost,
        newPorts == null || newPorts.isEmpty() ? ports : newPorts,
        newMessage == null || newMessage.isEmpty() ? message : newMessage, killRequested,
        newSandbox == null ? sandbox : newSandbox);
  }

  /** The same task under another config hash of the same executor document (a restart that passed it by). */
  TaskRecord relabeled(String hash) {
    return new TaskRecord(taskId, instanceId, hash, state, since, launchedAt, host, ports, message, killRequested,
        sandbox);
  }

  TaskRecord asKillRequested() {
    return killRequested ? this
        : new TaskRecord(taskId, instanceId, config, state, since, launchedAt, host, ports, message, true, sandbox);
  }
}
