package dev.aurora.operator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobState;
import dev.aurora.crd.v1alpha1.AuroraJobStateSpec;
import dev.aurora.operator.scheduling.InstanceMap;
import dev.aurora.operator.scheduling.InstanceRecord;
import dev.aurora.operator.scheduling.JobConfig;
import dev.aurora.operator.scheduling.JobControls;
import dev.aurora.operator.scheduling.JobRecord;
import dev.aurora.operator.scheduling.JobRecordStore;
import dev.aurora.operator.scheduling.JobRef;
import dev.aurora.operator.scheduling.TaskRecord;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Job records as {@code AuroraJobState} objects in the AuroraJob's namespace, owned by it: a head (target config,
 * update, cron, which parts exist), one immutable object per config (the executor document under its hash), and one
 * object per shard of {@link InstanceMap#SHARD_SIZE} instances. A save writes only what changed (a task update: one
 * shard), configs first and the head last, so a head never names a part that is not written; a load ignores parts the
 * head does not name.
 *
 * <p>Why objects of our own kind and not ConfigMaps: the operator then needs no rights on the users' ConfigMaps, the
 * API server validates the shape, {@code kubectl get ajs} shows what the scheduler remembers, and nobody's ConfigMap
 * listing fills with records. Why shards: one object stays well under etcd's object size limit for a 10,000-instance
 * job, and a task update rewrites one shard of 256 instances, not the whole job.
 */
public final class AuroraJobStateStore implements JobRecordStore {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MAX_NAME = 253;

  private final KubernetesClient client;
  private final List<String> namespaces;

  /** {@code namespaces}: where records live (those the operator watches); empty means every namespace. */
  public AuroraJobStateStore(KubernetesClient client, List<String> namespaces) {
    this.client = client;
    this.namespaces = List.copyOf(namespaces);
  }

  @Override
  public List<JobRecord> loadAll() {
    List<AuroraJobState> all = new ArrayList<>();
    if (namespaces.isEmpty()) {
      all.addAll(client.resources(AuroraJobState.class).inAnyNamespace().list().getItems());
    } else {
      for (String ns : namespaces) {
        all.addAll(client.resources(AuroraJobState.class).inNamespace(ns).list().getItems());
      }
    }
    Map<JobRef, List<AuroraJobState>> byJob = all.stream().filter(s -> s.getSpec() != null)
        .collect(Collectors.groupingBy(s -> new JobRef(s.getMetadata().getNamespace(), s.getSpec().getJob()),
            LinkedHashMap::new, Collectors.toList()));
    List<JobRecord> records = new ArrayList<>();
    byJob.forEach((ref, parts) -> {
      AuroraJobState head = parts.stream().filter(p -> "head".equals(p.getSpec().getPart())).findFirst().orElse(null);
      if (head != null) {
        records.add(read(ref, head.getSpec().getData(), parts));
      }
    });
    return records;
  }

  @Override
  public void save(JobRecord previous, JobRecord next) {
    JobRef ref = next.ref();
    for (JobConfig config : next.configs().values()) {
      if (previous == null || !previous.configs().containsKey(config.hash())) {
        write(next, configName(ref.name(), config.hash()), "config", RecordCodec.config(config));
      }
    }
    Map<String, String> names = RecordCodec.shortNames(next.configs().keySet());
    InstanceMap instances = next.instances();
    for (int k = 0; k < instances.shardCount(); k++) {
      boolean namesChanged = previous == null
          || !RecordCodec.shortNames(previous.configs().keySet()).equals(names);
      if (namesChanged || !instances.sameShard(previous.instances(), k)) {
        write(next, shardName(ref.name(), k), "instances", shard(instances, k, names));
      }
    }
    ObjectNode head = head(next, names);
    if (previous == null || !head.equals(head(previous, RecordCodec.shortNames(previous.configs().keySet())))) {
      write(next, headName(ref.name()), "head", head);
    }
    if (previous != null) {
      for (int k = instances.shardCount(); k < previous.instances().shardCount(); k++) {
        deleteObject(ref.namespace(), shardName(ref.name(), k));
      }
      for (String hash : previous.configs().keySet()) {
        if (!next.configs().containsKey(hash)) {
          deleteObject(ref.namespace(), configName(ref.name(), hash));
        }
      }
    }
  }

  /** Every part of a record as it is stored, by object name: what a full save writes (sizes for benchmarks). */
  public static Map<String, JsonNode> parts(JobRecord record) {
    Map<String, JsonNode> parts = new LinkedHashMap<>();
    String job = record.ref().name();
    record.configs().values().forEach(c -> parts.put(configName(job, c.hash()), RecordCodec.config(c)));
    Map<String, String> names = RecordCodec.shortNames(record.configs().keySet());
    for (int k = 0; k < record.instances().shardCount(); k++) {
      parts.put(shardName(job, k), shard(record.instances(), k, names));
    }
    parts.put(headName(job), head(record, names));
    return parts;
  }

  @Override
  public void delete(JobRef ref) {
    client.resources(AuroraJobState.class).inNamespace(ref.namespace())
        .withLabel(AuroraJobState.JOB_LABEL, labelValue(ref.name())).delete();
  }

  // ---- encoding -----------------------------------------------------------------------------------------------

  private static ObjectNode head(JobRecord record, Map<String, String> names) {
    ObjectNode head = JSON.objectNode();
    RecordCodec.putText(head, "uid", record.uid());
    if (record.target() != null) {
      ObjectNode target = head.putObject("target");
      target.put("config", record.target().hash());
      target.put("job", record.target().spec().jobJson());
    }
    ArrayNode configs = head.putArray("configs");
    record.configs().keySet().forEach(configs::add);
    head.put("shards", record.instances().shardCount());
    ArrayNode retiring = head.putArray("retiring");
    record.retiring().values().forEach(t -> retiring.add(RecordCodec.task(t, names)));
    if (record.update() != null) {
      head.set("update", RecordCodec.update(record.update(), names));
    }
    if (record.lastUpdate() != null) {
      head.set("lastUpdate", RecordCodec.update(record.lastUpdate(), names));
    }
    RecordCodec.putText(head, "blockedConfig", record.blockedConfig());
    if (record.cron() != null) {
      head.set("cron", RecordCodec.cron(record.cron()));
    }
    head.put("deleting", record.deleting());
    if (!record.controls().equals(JobControls.NONE)) {
      head.set("controls", RecordCodec.controls(record.controls()));
    }
    return head;
  }

  private static ObjectNode shard(InstanceMap instances, int k, Map<String, String> names) {
    ObjectNode shard = JSON.objectNode();
    shard.put("first", k * InstanceMap.SHARD_SIZE);
    ArrayNode list = shard.putArray("instances");
    instances.shard(k).values().forEach(i -> list.add(RecordCodec.instance(i, names)));
    return shard;
  }

  private static JobRecord read(JobRef ref, JsonNode head, List<AuroraJobState> parts) {
    Map<String, JsonNode> configParts = new LinkedHashMap<>();
    Map<Integer, JsonNode> shardParts = new LinkedHashMap<>();
    for (AuroraJobState part : parts) {
      JsonNode data = part.getSpec().getData();
      if ("config".equals(part.getSpec().getPart())) {
        configParts.put(data.path("hash").asText(), data);
      } else if ("instances".equals(part.getSpec().getPart())) {
        shardParts.put(data.path("first").asInt() / InstanceMap.SHARD_SIZE, data);
      }
    }
    String targetHash = head.path("target").path("config").asText(null);
    Map<String, JobConfig> configs = new LinkedHashMap<>();
    JobConfig target = null;
    for (JsonNode h : head.path("configs")) {
      JsonNode part = Objects.requireNonNull(configParts.get(h.asText()),
          () -> "the record of " + ref + " names config " + h.asText() + " but has no such part");
      boolean isTarget = h.asText().equals(targetHash);
      JobConfig config = JobConfig.restore(h.asText(), part.path("document").asText(),
          part.path("restartNonce").asText(""), isTarget ? head.path("target").path("job").asText() : null);
      configs.put(config.hash(), config);
      if (isTarget) {
        target = config;
      }
    }
    Map<String, String> hashes = RecordCodec.expansions(configs.keySet());
    List<InstanceRecord> instances = new ArrayList<>();
    for (int k = 0; k < head.path("shards").asInt(); k++) {
      JsonNode shard = shardParts.get(k);
      if (shard != null) {
        shard.path("instances").forEach(i -> instances.add(RecordCodec.instance(i, hashes)));
      }
    }
    Map<String, TaskRecord> retiring = new LinkedHashMap<>();
    head.path("retiring").forEach(t -> {
      TaskRecord task = RecordCodec.task(t, hashes);
      retiring.put(task.taskId(), task);
    });
    return new JobRecord(ref, head.path("uid").asText(null), target, configs, InstanceMap.of(instances), retiring,
        head.has("update") ? RecordCodec.update(head.get("update"), hashes) : null,
        head.has("lastUpdate") ? RecordCodec.update(head.get("lastUpdate"), hashes) : null,
        head.path("blockedConfig").asText(null), head.has("cron") ? RecordCodec.cron(head.get("cron")) : null,
        head.path("deleting").asBoolean(false),
        head.has("controls") ? RecordCodec.controls(head.get("controls")) : JobControls.NONE);
  }

  // ---- objects ------------------------------------------------------------------------------------------------

  private void write(JobRecord record, String name, String part, JsonNode data) {
    AuroraJobState state = new AuroraJobState();
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(record.ref().namespace())
        .addToLabels(AuroraJobState.JOB_LABEL, labelValue(record.ref().name()));
    if (record.uid() != null) {
      meta.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(AuroraJob.GROUP + "/" + AuroraJob.VERSION)
          .withKind("AuroraJob").withName(record.ref().name()).withUid(record.uid()).withBlockOwnerDeletion(false)
          .build());
    }
    state.setMetadata(meta.build());
    AuroraJobStateSpec spec = new AuroraJobStateSpec();
    spec.setJob(record.ref().name());
    spec.setPart(part);
    spec.setData(data);
    state.setSpec(spec);
    client.resource(state).forceConflicts().serverSideApply();
  }

  private void deleteObject(String namespace, String name) {
    client.resources(AuroraJobState.class).inNamespace(namespace).withName(name).delete();
  }

  /**
   * Every part's name ends in a suffix of its kind, so no job's part can take another job's part's name. Public for
   * readers of the record outside the operator ({@code kubectl aurora diff}).
   */
  public static String headName(String job) {
    return bounded(job, "-head");
  }

  public static String configName(String job, String hash) {
    return bounded(job, "-c-" + hash.substring(0, RecordCodec.PREFIX));
  }

  public static String shardName(String job, int shard) {
    return bounded(job, "-i" + shard);
  }

  /** {@code job + suffix}, with the job's name shortened (and made unique by its hash) past Kubernetes' limit. */
  private static String bounded(String job, String suffix) {
    if (job.length() + suffix.length() <= MAX_NAME) {
      return job + suffix;
    }
    String hash = sha256(job).substring(0, 10);
    return job.substring(0, MAX_NAME - suffix.length() - hash.length() - 1) + "-" + hash + suffix;
  }

  /** Label values are at most 63 characters; longer names are hashed. */
  static String labelValue(String job) {
    return job.length() <= 63 ? job : "h-" + sha256(job).substring(0, 40);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
