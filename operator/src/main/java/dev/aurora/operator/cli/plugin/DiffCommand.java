package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.crd.v1alpha1.InstanceRanges;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.loader.ConfigSources;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.JobConfig;
import dev.aurora.operator.store.AuroraJobStateStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code kubectl aurora diff NS/NAME FILE.aurora [cluster/role/env/name] [--bind k=v]...}: what putting the file's job
 * into {@code spec.source} would change, in the layout of {@code aurora job diff}: the instances an update would add,
 * remove and update, the unified diff of the job's JSON, and the instances it would leave alone.
 *
 * <p>The "before" side is the job the operator runs, read from its durable record (the AuroraJobState objects): the
 * head's target job and each instance's config in the instance shards. Not a re-evaluation of {@code spec.source}:
 * the spec may be Invalid or blocked (an aborted or rolled-back update) while the instances run an older config,
 * and the record is what they run; it also needs no evaluation of the resource's text on the user's machine.
 */
final class DiffCommand {
  static final String USAGE = "diff NS/NAME FILE.aurora [cluster/role/env/name] [--bind k=v]...";

  private DiffCommand() {
  }

  static int run(String[] argv, Map<String, String> environment, PrintStream out) {
    Args args = Args.parse(argv, Set.of(), Set.of("--bind"));
    args.expectPositional(2, 3);
    JobAddress address = args.job(0);
    String file = args.positional.get(1);
    if (!Files.isRegularFile(Path.of(file))) {
      throw new PluginException("Error loading configuration: Could not load resource " + file);
    }
    Kubectl kubectl = args.kubectl(environment);
    JsonNode job = kubectl.job(address);
    String name = job.path("metadata").path("name").asText(address.name());
    JobAddress exact = new JobAddress(job.path("metadata").path("namespace").asText(address.namespace()), name);
    JsonNode head = kubectl.jobState(exact, AuroraJobStateStore.headName(name));
    JsonNode target = head == null ? null : head.path("spec").path("data").path("target");
    if (target == null || !target.hasNonNull("job")) {
      throw new PluginException(exact + " runs no config yet (its record has no target; phase "
          + job.path("status").path("phase").asText("unknown") + "): nothing to diff against");
    }
    String key = args.positional.size() > 2 ? args.positional.get(2)
        : job.path("status").path("jobKey").asText(null);
    JobSpec local = evaluate(file, args, key, exact.namespace());
    String nonce = job.path("spec").path("restartNonce").asText("");
    String newHash = JobConfig.of(local, nonce).hash();

    int newCount = local.instances();
    Map<Integer, String> running = instanceConfigs(kubectl, exact, name, head);
    TreeSet<Integer> add = new TreeSet<>();
    TreeSet<Integer> remove = new TreeSet<>();
    TreeSet<Integer> update = new TreeSet<>();
    TreeSet<Integer> unchanged = new TreeSet<>();
    for (int id = 0; id < newCount; id++) {
      String config = running.get(id);
      if (config == null) {
        add.add(id);
      } else if (!config.isEmpty() && newHash.startsWith(config)) {
        unchanged.add(id);
      } else {
        update.add(id);
      }
    }
    running.keySet().stream().filter(id -> id >= newCount).forEach(remove::add);

    String before = CanonicalJson.pretty(CanonicalJson.parse(target.get("job").asText())) + "\n";
    String after = CanonicalJson.pretty(local.jobJsonTree()) + "\n";
    String diff = UnifiedDiff.diff(exact + " (running, config " + target.path("config").asText("?")
        .substring(0, Math.min(12, target.path("config").asText("?").length())) + ")", before, file, after);
    out.println("This job update will:");
    if (!add.isEmpty()) {
      out.println("add instances: " + bracketed(add));
    }
    if (!remove.isEmpty()) {
      out.println("remove instances: " + bracketed(remove));
    }
    if (!update.isEmpty()) {
      out.println("update instances: " + bracketed(update));
    }
    if (!diff.isEmpty()) {
      out.println("with diff:");
      out.println();
      out.print(diff);
      out.println();
    }
    if (!unchanged.isEmpty()) {
      out.println("not change instances: " + bracketed(unchanged));
    }
    out.flush();
    return 0;
  }

  /**
   * The file's job, evaluated as {@code inspect} evaluates a file (the user's own, from the file system), except that
   * {@code os.getenv('USER')} is the namespace: what the operator's evaluation will see once the file is the source.
   */
  private static JobSpec evaluate(String file, Args args, String key, String namespace) {
    JobKey jobKey = InspectVerb.jobKey(key);
    Map<String, String> environment = new java.util.HashMap<>(System.getenv());
    environment.put("USER", namespace);
    EvaluationResult result = AuroraConfigEvaluator.evaluate(new EvaluationRequest(file, ConfigSources.fileSystem(),
        environment, args.all("--bind"), jobKey));
    if (!result.ok()) {
      throw new PluginException("Error loading configuration: " + result.error().render());
    }
    if (result.jobs().isEmpty()) {
      throw new PluginException(file + " has no job " + (key == null ? "" : key) + " (the AuroraJob in "
          + namespace + " runs " + (key == null ? "an unknown job" : key) + ")");
    }
    if (result.jobs().size() > 1) {
      throw new PluginException("Error loading configuration: Configuration has multiple jobs but no job name "
          + "specified!");
    }
    return result.jobs().get(0);
  }

  /** Aurora's client layout of an id set: {@code [0-3], [7]}. */
  private static String bracketed(TreeSet<Integer> ids) {
    return "[" + InstanceRanges.format(ids).replace(",", "], [") + "]";
  }

  /** Each instance's config (a hash or its unique prefix, as the record names it) from the instance shards. */
  private static Map<Integer, String> instanceConfigs(Kubectl kubectl, JobAddress job, String name, JsonNode head) {
    Map<Integer, String> configs = new TreeMap<>();
    int shards = head.path("spec").path("data").path("shards").asInt(0);
    for (int k = 0; k < shards; k++) {
      JsonNode shard = kubectl.jobState(job, AuroraJobStateStore.shardName(name, k));
      if (shard == null) {
        continue;
      }
      for (JsonNode instance : shard.path("spec").path("data").path("instances")) {
        configs.put(instance.path("id").asInt(), instance.path("config").asText(""));
      }
    }
    return configs;
  }
}
