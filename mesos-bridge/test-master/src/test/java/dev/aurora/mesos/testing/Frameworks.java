package dev.aurora.mesos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.PortResolver;
import dev.aurora.backend.TaskIds;
import dev.aurora.backend.TaskResources;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.FrameworkConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Framework settings and jobs for tests against the in-test master: fast back-off, short timers. */
final class Frameworks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MB = 1024L * 1024L;

  private Frameworks() {
  }

  static FrameworkConfig.Builder fast(ExecutorSettings executor) {
    return FrameworkConfig.builder(executor).user("tester").backoff(Duration.ofMillis(50), Duration.ofMillis(400))
        .heartbeatMisses(3).reconcile(Duration.ofSeconds(2), Duration.ofMillis(300))
        .killEscalation(Duration.ofSeconds(1)).declineRefuseSeconds(0.2);
  }

  static FrameworkConfig fast() {
    return fast(installedExecutor()).build();
  }

  /**
   * The simulated agents never run this command (scripted executors run nothing; real ones start the executor's
   * Main themselves), so any path will do.
   */
  static ExecutorSettings installedExecutor() {
    return ExecutorSettings.installed("/opt/aurora/aurora-executor.jar");
  }

  /** A minimal Aurora job JSON with the given name; {@code extra} is spliced into the top-level object. */
  static JsonNode job(String name, String extra) {
    try {
      return JSON.readTree("{\"role\":\"www-data\",\"environment\":\"test\",\"name\":\"" + name + "\","
          + "\"task\":{\"name\":\"t\",\"resources\":{\"cpu\":0.1,\"ram\":16777216,\"disk\":16777216},"
          + "\"processes\":[{\"name\":\"p\",\"cmdline\":\"echo {{mesos.instance}} {{thermos.ports[http]}}\"}]}"
          + (extra.isEmpty() ? "" : "," + extra) + "}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static LaunchRequest instance(String job, int instance) {
    return request(job(job, ""), instance);
  }

  /**
   * A launch request for one instance of an Aurora job JSON, derived as the operator derives it from the dsl's
   * JobSpec: resources in whole MB, the ports Aurora's client requested (process references and portmap targets),
   * the constraints with the default host spreading, and the executor document without update_config and instances.
   */
  static LaunchRequest request(JsonNode job, int instance) {
    JobKey key = new JobKey(job.path("role").asText(), job.path("environment").asText(), job.path("name").asText());
    JsonNode resources = job.path("task").path("resources");
    Set<String> referenced = new LinkedHashSet<>();
    job.path("task").path("processes").forEach(p -> strings(p, referenced));
    Map<String, String> portmap = new LinkedHashMap<>();
    job.path("announce").path("portmap").properties().forEach(e -> portmap.put(e.getKey(), e.getValue().asText()));
    Map<String, String> constraints = new LinkedHashMap<>();
    job.path("constraints").properties().forEach(e -> constraints.put(e.getKey(), e.getValue().asText()));
    ObjectNode document = job.deepCopy();
    document.remove("update_config");
    document.remove("instances");
    return new LaunchRequest(key, instance, TaskIds.newTaskId(key, instance),
        new TaskResources(resources.path("cpu").asDouble(), resources.path("ram").asLong() / MB,
            resources.path("disk").asLong() / MB, PortResolver.requested(referenced, portmap)),
        PlacementConstraint.parse(constraints), document.toString());
  }

  private static void strings(JsonNode node, Set<String> referenced) {
    if (node.isTextual()) {
      PortResolver.collectReferences(node.asText(), referenced);
    } else {
      node.forEach(child -> strings(child, referenced));
    }
  }
}
