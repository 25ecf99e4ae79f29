package dev.aurora.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The document the framework puts into {@code TaskInfo.data} and the executor parses (UTF-8 JSON):
 * {@code {"taskId", "instanceId", "hostname", "ports": {name: port}, "job": <bound job JSON>}}. Our counterpart of
 * Aurora's Thrift {@code AssignedTask}.
 */
public record AssignedTask(String taskId, int instanceId, String hostname, Map<String, Integer> ports, JsonNode job) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public AssignedTask {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(job, "job");
    ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  public byte[] toJsonBytes() {
    ObjectNode root = JSON.createObjectNode();
    root.put("taskId", taskId);
    root.put("instanceId", instanceId);
    root.put("hostname", hostname);
    ObjectNode portNode = root.putObject("ports");
    ports.forEach(portNode::put);
    root.set("job", job);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AssignedTask fromJsonBytes(byte[] data) {
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (IOException e) {
      throw new IllegalArgumentException("TaskInfo.data is not JSON: " + e.getMessage(), e);
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("ports").properties()) {
      ports.put(e.getKey(), e.getValue().asInt());
    }
    return new AssignedTask(root.path("taskId").asText(), root.path("instanceId").asInt(),
        root.path("hostname").asText(), ports, root.path("job"));
  }
}
