package dev.aurora.dsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.dsl.loader.JobKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the interpolated job JSON (already validated, so numbers are numbers) into a {@link JobSpec}. Absent
 * fields are ones the config left Empty; schema defaults are always present in the JSON.
 */
public final class JobSpecMapper {
  /**
   * Aurora's default tiers ({@code tiers.json}): only {@code preferred} is production. The client backfilled a
   * missing tier from {@code production} and recomputed {@code production} from a known tier; the job JSON keeps
   * what the config said, the record carries the backfilled pair.
   */
  private static final java.util.Set<String> DEFAULT_TIERS = java.util.Set.of("preferred", "preemptible", "revocable");

  private JobSpecMapper() {}

  public static JobSpec toJobSpec(JsonNode job) {
    String canonical = CanonicalJson.write(job);
    String tier = text(job, "tier");
    boolean production = job.path("production").asBoolean(false);
    JsonNode update = job.path("update_config");
    JsonNode executor = job.path("executor_config");
    return new JobSpec(
        new JobKey(text(job, "cluster"), text(job, "role"), text(job, "environment"), text(job, "name")),
        text(job, "contact"),
        job.path("instances").asInt(1),
        job.path("service").asBoolean(false),
        tier == null ? (production ? "preferred" : "preemptible") : tier,
        tier == null || !DEFAULT_TIERS.contains(tier) ? production : tier.equals("preferred"),
        job.path("priority").asInt(0),
        job.path("max_task_failures").asInt(1),
        job.hasNonNull("cron_schedule")
            ? new JobSpec.Cron(text(job, "cron_schedule"), job.path("cron_collision_policy").asText("KILL_EXISTING"))
            : null,
        stringMap(job.path("constraints")),
        metadata(job.path("metadata")),
        task(job.path("task")),
        update.isObject() ? update(update) : null,
        healthCheck(job.path("health_check_config")),
        lifecycle(job.path("lifecycle")),
        container(job.path("container")),
        job.path("announce").isObject()
            ? new JobSpec.Announcer(text(job.path("announce"), "primary_port"),
                stringMap(job.path("announce").path("portmap")), text(job.path("announce"), "zk_path"))
            : null,
        job.path("partition_policy").isObject()
            ? new JobSpec.PartitionPolicy(job.path("partition_policy").path("reschedule").asBoolean(true),
                job.path("partition_policy").path("delay_secs").asInt(0))
            : null,
        slaPolicy(job.path("sla_policy")),
        new JobSpec.Executor(executor.path("name").asText("AuroraExecutor"), executor.path("data").asText("")),
        canonical,
        CanonicalJson.sha256(canonical));
  }

  static TaskSpec task(JsonNode task) {
    List<ProcessSpec> processes = new ArrayList<>();
    for (JsonNode p : task.path("processes")) {
      processes.add(process(p));
    }
    List<List<String>> orders = new ArrayList<>();
    for (JsonNode c : task.path("constraints")) {
      orders.add(strings(c.path("order")));
    }
    JsonNode r = task.path("resources");
    ResourcesSpec resources = r.isObject()
        ? new ResourcesSpec(r.path("cpu").asDouble(), r.path("ram").asLong(), r.path("disk").asLong(), r.path("gpu").asInt(0))
        : null;
    return new TaskSpec(text(task, "name"), processes, orders, resources, task.path("max_failures").asInt(1),
        task.path("max_concurrency").asInt(0), task.path("finalization_wait").asInt(30), text(task, "user"));
  }

  private static ProcessSpec process(JsonNode p) {
    JsonNode logger = p.path("logger");
    ProcessSpec.LoggerSpec loggerSpec = null;
    if (logger.isObject()) {
      JsonNode rotate = logger.path("rotate");
      loggerSpec = new ProcessSpec.LoggerSpec(logger.path("destination").asText("file"),
          logger.path("mode").asText("standard"),
          rotate.isObject() ? rotate.path("log_size").asLong(100L * 1024 * 1024) : null,
          rotate.isObject() ? rotate.path("backups").asInt(5) : null);
    }
    return new ProcessSpec(text(p, "name"), text(p, "cmdline"), p.path("max_failures").asInt(1),
        p.path("daemon").asBoolean(false), p.path("ephemeral").asBoolean(false), p.path("min_duration").asInt(5),
        p.path("final").asBoolean(false), loggerSpec);
  }

  private static UpdateSpec update(JsonNode u) {
    JsonNode s = u.path("update_strategy");
    UpdateSpec.Strategy strategy = null;
    if (s.has("batch_sizes")) {
      List<Integer> sizes = new ArrayList<>();
      s.path("batch_sizes").forEach(n -> sizes.add(n.asInt()));
      strategy = new UpdateSpec.Strategy(UpdateSpec.Kind.VARIABLE_BATCH, sizes, s.path("autopause_after_batch").asBoolean());
    } else if (s.has("autopause_after_batch")) {
      strategy = new UpdateSpec.Strategy(UpdateSpec.Kind.BATCH, List.of(s.path("batch_size").asInt(1)),
          s.path("autopause_after_batch").asBoolean());
    } else if (s.isObject()) {
      strategy = new UpdateSpec.Strategy(UpdateSpec.Kind.QUEUE, List.of(s.path("batch_size").asInt(1)), false);
    }
    return new UpdateSpec(u.path("batch_size").asInt(1), u.path("watch_secs").asInt(45),
        u.path("max_per_shard_failures").asInt(0), u.path("max_total_failures").asInt(0),
        u.path("rollback_on_failure").asBoolean(true), u.path("wait_for_batch_completion").asBoolean(false),
        u.hasNonNull("pulse_interval_secs") ? u.path("pulse_interval_secs").asInt() : null,
        u.path("sla_aware").asBoolean(false), strategy);
  }

  private static HealthCheckSpec healthCheck(JsonNode h) {
    JsonNode checker = h.path("health_checker");
    JsonNode http = checker.path("http");
    return new HealthCheckSpec(
        http.isObject()
            ? new HealthCheckSpec.HttpCheck(http.path("endpoint").asText("/health"),
                http.path("expected_response").asText("ok"), http.path("expected_response_code").asInt(0))
            : null,
        text(checker.path("shell"), "shell_command"),
        h.path("initial_interval_secs").asDouble(15.0), h.path("interval_secs").asDouble(10.0),
        h.path("max_consecutive_failures").asInt(0), h.path("min_consecutive_successes").asInt(1),
        h.path("timeout_secs").asDouble(1.0));
  }

  private static LifecycleSpec lifecycle(JsonNode l) {
    JsonNode http = l.path("http");
    if (!http.isObject()) {
      return null;
    }
    return new LifecycleSpec(http.path("port").asText("health"),
        http.path("graceful_shutdown_endpoint").asText("/quitquitquit"),
        http.path("shutdown_endpoint").asText("/abortabortabort"),
        http.path("graceful_shutdown_wait_secs").asInt(5), http.path("shutdown_wait_secs").asInt(5));
  }

  /** The JSON of a Choice is the chosen struct's JSON, so the alternative is told apart by its fields. */
  private static ContainerSpec container(JsonNode c) {
    if (!c.isObject()) {
      return null;
    }
    JsonNode docker = c.has("docker") ? c.path("docker") : c;
    if (docker.path("image").isTextual()) {
      List<ContainerSpec.Parameter> params = new ArrayList<>();
      docker.path("parameters").forEach(p -> params.add(new ContainerSpec.Parameter(text(p, "name"), text(p, "value"))));
      return new ContainerSpec(ContainerSpec.Kind.DOCKER, text(docker, "image"), params, null, List.of());
    }
    JsonNode image = c.path("image");
    ContainerSpec.Image mesosImage = null;
    if (image.has("image_id")) {
      mesosImage = new ContainerSpec.Image("appc", text(image, "name"), text(image, "image_id"));
    } else if (image.isObject()) {
      mesosImage = new ContainerSpec.Image("docker", text(image, "name"), text(image, "tag"));
    }
    List<ContainerSpec.Volume> volumes = new ArrayList<>();
    c.path("volumes").forEach(v -> volumes.add(
        new ContainerSpec.Volume(text(v, "container_path"), text(v, "host_path"), text(v, "mode"))));
    return new ContainerSpec(ContainerSpec.Kind.MESOS, null, List.of(), mesosImage, volumes);
  }

  private static JobSpec.SlaPolicy slaPolicy(JsonNode s) {
    if (s.has("coordinator_url")) {
      return new JobSpec.SlaPolicy("coordinator", null, null, null, text(s, "coordinator_url"),
          s.path("status_key").asText("drain"));
    }
    if (s.has("percentage")) {
      return new JobSpec.SlaPolicy("percentage", null, s.path("percentage").asDouble(),
          s.path("duration_secs").asInt(), null, null);
    }
    if (s.has("count")) {
      return new JobSpec.SlaPolicy("count", s.path("count").asInt(), null, s.path("duration_secs").asInt(), null, null);
    }
    return null;
  }

  private static List<JobSpec.Metadata> metadata(JsonNode list) {
    List<JobSpec.Metadata> out = new ArrayList<>();
    list.forEach(m -> out.add(new JobSpec.Metadata(text(m, "key"), text(m, "value"))));
    return out;
  }

  private static Map<String, String> stringMap(JsonNode map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
