package dev.aurora.operator.scheduling;

import java.time.Instant;
import java.util.Map;

/**
 * What one instance is doing, as the status shows it. {@code state} is an Aurora task state name; THROTTLED and
 * PENDING also stand for an instance waiting for its next task. {@code taskId} is null before the first launch, and
 * {@code since} is then when the first launch is due. {@code sandbox} is where the task's sandbox can be read, or null.
 */
public record InstanceView(int id, String taskId, String state, String host, Map<String, Integer> ports,
                           int failures, String message, Instant since, boolean onTarget, String sandbox) {
  public InstanceView {
    ports = ports == null ? Map.of() : Map.copyOf(ports);
    message = message == null ? "" : message;
  }
}
