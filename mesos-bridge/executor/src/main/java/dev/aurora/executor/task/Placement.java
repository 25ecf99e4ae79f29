package dev.aurora.executor.task;

import java.util.Map;

/**
 * Where and as what an instance runs: the values behind the placement-time references {@code {{mesos.instance}}},
 * {@code {{mesos.hostname}}}, {@code {{thermos.task_id}}} and {@code {{thermos.ports[name]}}}.
 */
public record Placement(String taskId, int instanceId, String hostname, Map<String, Integer> ports) {
  public Placement {
    ports = ports == null ? Map.of() : Map.copyOf(ports);
  }
}
