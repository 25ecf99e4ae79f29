package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.cli.InspectCommand;
import dev.aurora.dsl.cli.InspectFormatter;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubectl aurora inspect}: for a file, exactly {@code aurora-operator inspect} (Aurora's {@code aurora job
 * inspect}); for an AuroraJob, its own {@code spec.source} with its {@code spec.files} and {@code spec.bindings},
 * evaluated as the operator evaluates it (named files only, the sandbox's Python policy, {@code USER} the namespace)
 * and printed the same way, under a header naming what went in.
 */
final class InspectVerb {
  static final String USAGE = "inspect [--json] [--bind k=v]... FILE.aurora [cluster/role/env/name] | inspect [--json] "
      + "NS/NAME";

  private InspectVerb() {
  }

  static int run(String[] argv, Map<String, String> environment, PrintStream out, PrintStream err) {
    Args args = Args.parse(argv, Set.of("--json"), Set.of("--bind"));
    if (args.positional.isEmpty()) {
      throw new UsageException("inspect needs a FILE.aurora or an AuroraJob");
    }
    String first = args.positional.get(0);
    if (Files.isRegularFile(Path.of(first)) || first.endsWith(".aurora")) {
      List<String> passed = new ArrayList<>();
      if (args.has("--json")) {
        passed.add("--json");
      }
      args.all("--bind").forEach(b -> {
        passed.add("--bind");
        passed.add(b);
      });
      passed.addAll(args.positional);
      return InspectCommand.run(passed.toArray(String[]::new), environment, out, err);
    }
    args.expectPositional(1, 1);
    if (!args.all("--bind").isEmpty()) {
      throw new UsageException("--bind applies to a file; an AuroraJob's bindings are its spec.bindings");
    }
    JobAddress address = args.job(0);
    JsonNode job = args.kubectl(environment).job(address);
    JobSpec spec = evaluateSpec(job, address);
    JsonNode s = job.path("spec");
    out.println("# " + address + ": spec.source (" + s.path("source").asText("").length() + " characters)"
        + (s.path("files").size() > 0 ? ", spec.files " + String.join(", ", names(s.path("files"))) : "")
        + (s.path("bindings").size() > 0 ? ", spec.bindings " + bindings(s.path("bindings")) : "")
        + (s.hasNonNull("job") ? ", spec.job " + s.get("job").asText() : ""));
    out.print(args.has("--json") ? CanonicalJson.pretty(spec.jobJsonTree()) + "\n" : InspectFormatter.format(spec));
    out.flush();
    return 0;
  }

  /** The job the AuroraJob's spec evaluates to, as the operator's evaluator sees it. */
  static JobSpec evaluateSpec(JsonNode job, JobAddress address) {
    JsonNode s = job.path("spec");
    String namespace = job.path("metadata").path("namespace").asText(address.namespace());
    String root = job.path("metadata").path("name").asText(address.name()) + ".aurora";
    Map<String, String> files = new LinkedHashMap<>();
    s.path("files").properties().forEach(e -> files.put(e.getKey(), e.getValue().asText()));
    files.put(root, s.path("source").asText(""));
    List<String> bindings = new ArrayList<>();
    s.path("bindings").properties().forEach(e -> bindings.add(e.getKey() + "=" + e.getValue().asText()));
    String key = s.hasNonNull("job") ? s.get("job").asText() : job.path("status").path("jobKey").asText(null);
    EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles(root, files,
        Map.of("USER", namespace), bindings, jobKey(key)));
    if (!result.ok()) {
      throw new PluginException(address + ": spec.source does not evaluate: " + result.error().render());
    }
    if (result.jobs().size() != 1) {
      throw new PluginException(address + ": spec.source defines " + result.jobs().size() + " jobs and spec.job "
          + "does not pick one");
    }
    return result.jobs().get(0);
  }

  static JobKey jobKey(String key) {
    if (key == null || key.isBlank()) {
      return null;
    }
    return key.contains("/") ? JobKey.parse(key) : new JobKey(null, null, null, key);
  }

  private static List<String> names(JsonNode map) {
    List<String> names = new ArrayList<>();
    map.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String bindings(JsonNode map) {
    List<String> pairs = new ArrayList<>();
    map.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(" ", pairs);
  }
}
