package dev.aurora.operator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.UpdateSpec;
import dev.aurora.operator.scheduling.CronRecord;
import dev.aurora.operator.scheduling.InstanceRecord;
import dev.aurora.operator.scheduling.JobConfig;
import dev.aurora.operator.scheduling.JobControls;
import dev.aurora.operator.scheduling.SlaWait;
import dev.aurora.operator.scheduling.TaskRecord;
import dev.aurora.operator.scheduling.UpdateGates;
import dev.aurora.operator.scheduling.UpdateRecord;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON of a record's parts, written for size: instances and tasks name their config by a 12-character prefix of
 * its hash (unique within a job; the head lists the full hashes), times are epoch milliseconds, id sets are range
 * text. About 150 bytes per running instance.
 */
final class RecordCodec {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final int PREFIX = 12;

  private RecordCodec() {
  }

  // ---- configs ------------------------------------------------------------------------------------------------

  static ObjectNode config(JobConfig config) {
    ObjectNode node = JSON.objectNode();
    node.put("hash", config.hash());
    node.put("restartNonce", config.restartNonce());
    node.put("document", config.document());
    return node;
  }

  /** Short names of the job's configs: prefixes when they are unique, else the full hashes. */
  static Map<String, String> shortNames(Iterable<String> hashes) {
    Map<String, String> names = new HashMap<>();
    boolean unique = true;
    for (String hash : hashes) {
      String prefix = hash.substring(0, Math.min(PREFIX, hash.length()));
      unique &= !names.containsValue(prefix);
      names.put(hash, prefix);
    }
    if (!unique) {
      names.replaceAll((hash, prefix) -> hash);
    }
    return names;
  }

  static Map<String, String> expansions(Iterable<String> hashes) {
    Map<String, String> out = new HashMap<>();
    shortNames(hashes).forEach((hash, name) -> out.put(name, hash));
    return out;
  }

  // ---- instances ----------------------------------------------------------------------------------------------

  static ObjectNode instance(InstanceRecord instance, Map<String, String> names) {
    ObjectNode node = JSON.objectNode();
    node.put("id", instance.id());
    node.put("config", names.getOrDefault(instance.config(), instance.config()));
    if (instance.failures() != 0) {
      node.put("failures", instance.failures());
    }
    if (instance.flaps() != 0) {
      node.put("flaps", instance.flaps());
    }
    if (instance.relaunchAt() != null) {
      node.put("relaunchAt", instance.relaunchAt().toEpochMilli());
    }
    if (instance.throttled()) {
      node.put("throttled", true);
    }
    if (instance.task() != null) {
      node.set("task", task(instance.task(), names));
    }
    return node;
  }

  static InstanceRecord instance(JsonNode node, Map<String, String> hashes) {
    return new InstanceRecord(node.path("id").asInt(), expand(node.path("config").asText(null), hashes),
        node.has("task") ? task(node.get("task"), hashes) : null, node.path("failures").asInt(0),
        node.path("flaps").asInt(0), time(node.get("relaunchAt")), node.path("throttled").asBoolean(false));
  }

  static ObjectNode task(TaskRecord task, Map<String, String> names) {
    ObjectNode node = JSON.objectNode();
    node.put("id", task.taskId());
    node.put("instance", task.instanceId());
    node.put("config", names.getOrDefault(task.config(), task.config()));
    node.put("state", task.state().name());
    node.put("since", task.since().toEpochMilli());
    node.put("launchedAt", task.launchedAt().toEpochMilli());
    if (task.host() != null) {
      node.put("host", task.host());
    }
    if (!task.ports().isEmpty()) {
      ObjectNode ports = node.putObject("ports");
      new TreeMap<>(task.ports()).forEach(ports::put);
    }
    if (!task.message().isEmpty()) {
      node.put("message", task.message());
    }
    if (task.killRequested()) {
      node.put("killRequested", true);
    }
    putText(node, "sandbox", task.sandbox());
    return node;
  }

  static TaskRecord task(JsonNode node, Map<String, String> hashes) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    node.path("ports").properties().forEach(e -> ports.put(e.getKey(), e.getValue().asInt()));
    return new TaskRecord(node.path("id").asText(), node.path("instance").asInt(),
        expand(node.path("config").asText(), hashes), TaskState.valueOf(node.path("state").asText()),
        time(node.get("since")), time(node.get("launchedAt")), node.path("host").asText(null), ports,
        node.path("message").asText(""), node.path("killRequested").asBoolean(false),
        node.path("sandbox").asText(null));
  }

  // ---- controls -----------------------------------------------------------------------------------------------

  static ObjectNode controls(JobControls controls) {
    ObjectNode node = JSON.objectNode();
    putNonEmpty(node, "restartInstances", Ranges.encode(controls.restartInstances()));
    putNonEmpty(node, "killedInstances", Ranges.encode(controls.killedInstances()));
    if (controls.updatePaused()) {
      node.put("updatePaused", true);
    }
    putNonEmpty(node, "updateResume", controls.updateResume());
    putNonEmpty(node, "updatePulse", controls.updatePulse());
    putNonEmpty(node, "updateAbort", controls.updateAbort());
    return node;
  }

  static JobControls controls(JsonNode node) {
    return new JobControls(new TreeSet<>(Ranges.decode(node.path("restartInstances").asText(""))),
        new TreeSet<>(Ranges.decode(node.path("killedInstances").asText(""))),
        node.path("updatePaused").asBoolean(false), node.path("updateResume").asText(""),
        node.path("updatePulse").asText(""), node.path("updateAbort").asText(""));
  }

  // ---- update and cron ----------------------------------------------------------------------------------------

  static ObjectNode update(UpdateRecord u, Map<String, String> names) {
    ObjectNode node = JSON.objectNode();
    node.put("rollback", u.rollback());
    node.put("state", u.state().name());
    putText(node, "from", u.fromConfig());
    putText(node, "to", u.toConfig());
    node.set("settings", settings(u.settings()));
    node.put("order", Ranges.encode(u.order()));
    node.set("targets", grouped(u.targets(), names));
    node.set("originals", grouped(u.originals(), names));
    node.put("started", u.started());
    node.put("inFlight", Ranges.encode(u.inFlight()));
    node.put("updated", Ranges.encode(u.updated()));
    node.put("failed", Ranges.encode(u.failed()));
    ObjectNode failures = node.putObject("taskFailures");
    u.taskFailures().forEach((id, n) -> failures.put(Integer.toString(id), n));
    node.put("batches", u.batches());
    node.put("startedAt", u.startedAt().toEpochMilli());
    if (u.finishedAt() != null) {
      node.put("finishedAt", u.finishedAt().toEpochMilli());
    }
    node.put("message", u.message());
    if (!u.gates().equals(UpdateGates.NONE)) {
      node.set("gates", gates(u.gates()));
    }
    return node;
  }

  private static ObjectNode gates(UpdateGates gates) {
    ObjectNode node = JSON.objectNode();
    putText(node, "autoPausedToken", gates.autoPausedToken());
    if (gates.autoPausedBatches() != 0) {
      node.put("autoPausedBatches", gates.autoPausedBatches());
    }
    if (gates.lastPulse() != null) {
      node.put("lastPulse", gates.lastPulse().toEpochMilli());
    }
    if (!gates.slaWaits().isEmpty()) {
      ObjectNode waits = node.putObject("slaWaits");
      gates.slaWaits().forEach((id, w) -> {
        ObjectNode wait = waits.putObject(Integer.toString(id));
        wait.put("task", w.taskId());
        wait.put("nextCheck", w.nextCheck().toEpochMilli());
        wait.put("lastDelayMs", w.lastDelay().toMillis());
        if (w.approved()) {
          wait.put("approved", true);
        }
        wait.put("status", w.status());
      });
    }
    return node;
  }

  private static UpdateGates gates(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return UpdateGates.NONE;
    }
    Map<Integer, SlaWait> waits = new TreeMap<>();
    node.path("slaWaits").properties().forEach(e -> waits.put(Integer.parseInt(e.getKey()),
        new SlaWait(e.getValue().path("task").asText(), time(e.getValue().get("nextCheck")),
            Duration.ofMillis(e.getValue().path("lastDelayMs").asLong()),
            e.getValue().path("approved").asBoolean(false), e.getValue().path("status").asText(""))));
    return new UpdateGates(node.path("autoPausedToken").asText(null), node.path("autoPausedBatches").asInt(0),
        time(node.get("lastPulse")), waits);
  }

  static UpdateRecord update(JsonNode node, Map<String, String> hashes) {
    Map<Integer, Integer> failures = new TreeMap<>();
    node.path("taskFailures").properties().forEach(e -> failures.put(Integer.parseInt(e.getKey()),
        e.getValue().asInt()));
    return new UpdateRecord(node.path("rollback").asBoolean(), UpdateState.valueOf(node.path("state").asText()),
        node.path("from").asText(null), node.path("to").asText(null), settings(node.path("settings")),
        Ranges.decode(node.path("order").asText()), ungrouped(node.path("targets"), hashes),
        ungrouped(node.path("originals"), hashes), node.path("started").asInt(),
        new TreeSet<>(Ranges.decode(node.path("inFlight").asText())),
        new TreeSet<>(Ranges.decode(node.path("updated").asText())),
        new TreeSet<>(Ranges.decode(node.path("failed").asText())), failures, node.path("batches").asInt(),
        time(node.get("startedAt")), time(node.get("finishedAt")), node.path("message").asText(""),
        gates(node.get("gates")));
  }

  static ObjectNode cron(CronRecord cron) {
    ObjectNode node = JSON.objectNode();
    node.put("schedule", cron.schedule());
    if (cron.nextRun() != null) {
      node.put("nextRun", cron.nextRun().toEpochMilli());
    }
    if (cron.lastRun() != null) {
      node.put("lastRun", cron.lastRun().toEpochMilli());
    }
    node.put("runWaiting", cron.runWaiting());
    return node;
  }

  static CronRecord cron(JsonNode node) {
    return new CronRecord(node.path("schedule").asText(), time(node.get("nextRun")), time(node.get("lastRun")),
        node.path("runWaiting").asBoolean(false));
  }

  private static ObjectNode settings(UpdateSpec s) {
    ObjectNode node = JSON.objectNode();
    node.put("batchSize", s.batchSize());
    node.put("watchSecs", s.watchSecs());
    node.put("maxPerShardFailures", s.maxPerShardFailures());
    node.put("maxTotalFailures", s.maxTotalFailures());
    node.put("rollbackOnFailure", s.rollbackOnFailure());
    node.put("waitForBatchCompletion", s.waitForBatchCompletion());
    if (s.pulseIntervalSecs() != null) {
      node.put("pulseIntervalSecs", s.pulseIntervalSecs());
    }
    node.put("slaAware", s.slaAware());
    if (s.strategy() != null) {
      ObjectNode strategy = node.putObject("strategy");
      strategy.put("kind", s.strategy().kind().name());
      ArrayNode sizes = strategy.putArray("batchSizes");
      s.strategy().batchSizes().forEach(sizes::add);
      strategy.put("autopauseAfterBatch", s.strategy().autopauseAfterBatch());
    }
    return node;
  }

  private static UpdateSpec settings(JsonNode node) {
    UpdateSpec.Strategy strategy = null;
    if (node.has("strategy")) {
      JsonNode s = node.get("strategy");
      List<Integer> sizes = new ArrayList<>();
      s.path("batchSizes").forEach(n -> sizes.add(n.asInt()));
      strategy = new UpdateSpec.Strategy(UpdateSpec.Kind.valueOf(s.path("kind").asText()), sizes,
          s.path("autopauseAfterBatch").asBoolean(false));
    }
    return new UpdateSpec(node.path("batchSize").asInt(1), node.path("watchSecs").asInt(45),
        node.path("maxPerShardFailures").asInt(0), node.path("maxTotalFailures").asInt(0),
        node.path("rollbackOnFailure").asBoolean(true), node.path("waitForBatchCompletion").asBoolean(false),
        node.has("pulseIntervalSecs") ? node.get("pulseIntervalSecs").asInt() : null,
        node.path("slaAware").asBoolean(false), strategy);
  }

  /** {instance: config} as {config: "ranges"}: an update's targets are mostly one config. */
  private static ObjectNode grouped(Map<Integer, String> byInstance, Map<String, String> names) {
    Map<String, List<Integer>> groups = new TreeMap<>();
    new TreeMap<>(byInstance).forEach((id, config) ->
        groups.computeIfAbsent(names.getOrDefault(config, config), c -> new ArrayList<>()).add(id));
    ObjectNode node = JSON.objectNode();
    groups.forEach((config, ids) -> node.put(config, Ranges.encode(ids)));
    return node;
  }

  private static Map<Integer, String> ungrouped(JsonNode node, Map<String, String> hashes) {
    Map<Integer, String> out = new TreeMap<>();
    node.properties().forEach(e -> Ranges.decode(e.getValue().asText())
        .forEach(id -> out.put(id, expand(e.getKey(), hashes))));
    return out;
  }

  // ---- scalars ------------------------------------------------------------------------------------------------

  static Instant time(JsonNode node) {
    return node == null || node.isNull() ? null : Instant.ofEpochMilli(node.asLong());
  }

  static void putText(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putNonEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static String expand(String name, Map<String, String> hashes) {
    return name == null ? null : hashes.getOrDefault(name, name);
  }
}
