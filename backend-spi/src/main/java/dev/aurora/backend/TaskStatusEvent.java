package dev.aurora.backend;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change of one task's state as the backend observed it. {@code host} and {@code ports} (the ports the backend
 * assigned) are known from ASSIGNED on (null/empty before). {@code message} is a human-readable reason (Mesos message
 * and reason), possibly empty. {@code ackId} is the opaque handle the backend needs to acknowledge this event
 * ({@link Backend#acknowledge}); null when it needs no acknowledgement. {@code sandbox} says where the task's
 * sandbox can be read, as a URI: {@code file:///...} for a directory on the operator's machine, or the Mesos agent's
 * {@code http(s)://host:port/files/read?path=<virtual path of the task's sandbox>}; null when the backend does not
 * know it (before placement, or for a task it only heard of through reconciliation).
 */
public record TaskStatusEvent(String taskId, TaskState state, String message, String host,
                              Map<String, Integer> ports, Instant timestamp, String ackId, String sandbox) {
  /** An event without a sandbox location. */
  public TaskStatusEvent(String taskId, TaskState state, String message, String host, Map<String, Integer> ports,
                         Instant timestamp, String ackId) {
    this(taskId, state, message, host, ports, timestamp, ackId, null);
  }

  public TaskStatusEvent {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(state, "state");
    message = message == null ? "" : message;
    ports = ports == null ? Map.of() : Map.copyOf(ports);
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
