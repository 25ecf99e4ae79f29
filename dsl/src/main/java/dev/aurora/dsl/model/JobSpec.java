package dev.aurora.dsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.PortResolver;
import dev.aurora.dsl.loader.JobKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluated, validated job: everything downstream (operator, scheduler, executor) needs, with no Python or
 * templating objects left. Optional parts are null when the config does not set them.
 *
 * <p>{@code tier} and {@code production} are backfilled as Aurora's client did with the default tiers (a missing tier
 * is {@code preferred} for production jobs, else {@code preemptible}; a known tier decides production).
 *
 * <p>{@code jobJson} is the interpolated job exactly as {@code inspect --json} prints it (canonical key order);
 * {@code contentHash} is the SHA-256 of that text, so two configs that mean the same job hash the same.
 */
public record JobSpec(
    JobKey key,
    String contact,
    int instances,
    boolean service,
    String tier,
    boolean production,
    int priority,
    int maxTaskFailures,
    Cron cron,
    Map<String, String> constraints,
    List<Metadata> metadata,
    TaskSpec task,
    UpdateSpec update,
    HealthCheckSpec healthCheck,
    LifecycleSpec lifecycle,
    ContainerSpec container,
    Announcer announce,
    PartitionPolicy partitionPolicy,
    SlaPolicy slaPolicy,
    Executor executor,
    String jobJson,
    String contentHash) {

  public JobSpec {
    constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    metadata = List.copyOf(metadata);
  }

  public record Cron(String schedule, String collisionPolicy) {}

  public record Metadata(String key, String value) {}

  public record Announcer(String primaryPort, Map<String, String> portmap, String zkPath) {
    public Announcer {
      portmap = Collections.unmodifiableMap(new LinkedHashMap<>(portmap));
    }
  }

  public record PartitionPolicy(boolean reschedule, int delaySecs) {}

  /** kind: {@code count}, {@code percentage} or {@code coordinator}; fields of other kinds are null. */
  public record SlaPolicy(String kind, Integer count, Double percentage, Integer durationSecs,
                          String coordinatorUrl, String statusKey) {}

  public record Executor(String name, String data) {}

  /**
   * What Aurora put into the task's executor config for the Thermos executor: the job JSON without
   * {@code update_config} and {@code instances}.
   */
  public String executorDataJson() {
    ObjectNode node = (ObjectNode) CanonicalJson.parse(jobJson);
    node.remove("update_config");
    node.remove("instances");
    return CanonicalJson.write(node);
  }

  /**
   * The ports the scheduler allocates for each instance, as Aurora's client computed them ({@code AuroraConfig.ports}):
   * the {@code {{thermos.ports[NAME]}}} references of the task's processes and the targets of the
   * {@code announce.portmap}, an alias counted as its target and static numbers left out.
   */
  public List<String> requestedPorts() {
    Set<String> referenced = new LinkedHashSet<>();
    collectPortReferences(jobJsonTree().path("task").path("processes"), referenced);
    return PortResolver.requested(referenced, announce == null ? Map.of() : announce.portmap());
  }

  private static void collectPortReferences(JsonNode node, Set<String> into) {
    if (node.isTextual()) {
      PortResolver.collectReferences(node.asText(), into);
    } else {
      node.forEach(child -> collectPortReferences(child, into));
    }
  }

  public JsonNode jobJsonTree() {
    return CanonicalJson.parse(jobJson);
  }
}
