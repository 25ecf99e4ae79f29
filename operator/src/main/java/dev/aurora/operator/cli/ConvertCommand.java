package dev.aurora.operator.cli;

import dev.aurora.dsl.loader.JobKey;
import dev.aurora.operator.evaluation.ConfigEvaluator;
import dev.aurora.operator.evaluation.PoolSettings;
import dev.aurora.operator.evaluation.WorkerPool;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code aurora-operator convert [--namespace NS] [--out DIR] [--default-environment ENV] FILE.aurora|DIR...}:
 * one AuroraJob manifest per job of each {@code .aurora} file, its includes packed into {@code spec.files}, ready
 * to commit to a GitOps repository. Every file is first evaluated in the sandboxed evaluator as the operator will
 * evaluate the resources; a file that would be Invalid is reported with its reason and nothing of it is written.
 *
 * <p>With {@code --out DIR} the manifests go to {@code DIR/<namespace>/<name>.yaml} and the per-file summary to
 * standard output; without it they go to standard output as one YAML stream and the summary to standard error.
 * Exit codes: 0 every file converted, 3 some file invalid or not convertible, 1 the evaluator or the file system
 * failed, 5 bad command line.
 */
final class ConvertCommand {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 3;
  static final int USAGE = 5;
  static final String DEFAULT_ENVIRONMENT = "test";

  private static final String USAGE_TEXT =
      "usage: aurora-operator convert [--namespace NS] [--out DIR] [--default-environment ENV] FILE.aurora|DIR...";

  private ConvertCommand() {}

  static int run(String[] args) {
    // One worker: files are converted one after another.
    return run(args, System.getenv(), System.out, System.err,
        () -> WorkerPool.start(PoolSettings.defaults().withSize(1)));
  }

  /** {@code environment} is the caller's (only its USER is used); {@code evaluators} is asked once, when needed. */
  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err,
                 Supplier<? extends ConfigEvaluator> evaluators) {
    String namespace = null;
    Path outDir = null;
    String defaultEnvironment = DEFAULT_ENVIRONMENT;
    List<Path> inputs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      boolean takesValue = arg.equals("--namespace") || arg.equals("--out") || arg.equals("--default-environment");
      if (takesValue && i + 1 >= args.length) {
        return usage(err, arg + " needs a value");
      }
      switch (arg) {
        case "--namespace" -> namespace = args[++i];
        case "--out" -> outDir = Path.of(args[++i]);
        case "--default-environment" -> defaultEnvironment = args[++i];
        case "-h", "--help" -> {
          out.println(USAGE_TEXT);
          return OK;
        }
        default -> {
          if (arg.startsWith("-")) {
            return usage(err, "unknown option " + arg);
          }
          inputs.add(Path.of(arg));
        }
      }
    }
    if (inputs.isEmpty()) {
      return usage(err, "no .aurora file or directory given");
    }
    if (namespace != null && !ConfigConverter.NAMESPACE.matcher(namespace).matches()) {
      return usage(err, "--namespace '" + namespace + "' is not a valid namespace name");
    }
    if (!JobKey.GOOD_IDENTIFIER.matcher(defaultEnvironment).matches()) {
      return usage(err, "--default-environment '" + defaultEnvironment + "' is not a valid environment name");
    }
    // A file named twice (itself and through its directory) is converted once.
    Set<Path> files = new java.util.LinkedHashSet<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".aurora"))
              .sorted().filter(p -> files.stream().noneMatch(seen -> same(seen, p))).forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
          err.println("aurora-operator convert: cannot read " + input + ": " + e.getMessage());
          return FAILED;
        }
      } else if (Files.isRegularFile(input)) {
        if (files.stream().noneMatch(seen -> same(seen, input))) {
          files.add(input);
        }
      } else {
        return usage(err, input + " is neither a file nor a directory");
      }
    }
    PrintStream summary = outDir != null ? out : err;
    if (files.isEmpty()) {
      summary.println("no .aurora files found");
      return OK;
    }

    List<ConfigConverter.Result> results = new ArrayList<>();
    try (ConfigEvaluator evaluator = evaluators.get()) {
      ConfigConverter converter = new ConfigConverter(evaluator, namespace, environment.get("USER"),
          defaultEnvironment);
      for (Path file : files) {
        results.add(converter.convert(file));
      }
    }

    Map<ConfigConverter.Job, String> names = ManifestNames.assign(results.stream()
        .flatMap(result -> result.jobs().stream()).toList());
    int code = OK;
    int written = 0;
    int notWritten = 0;
    boolean firstDocument = true;
    for (ConfigConverter.Result result : results) {
      if (!result.ok()) {
        code = !result.evaluatorFailed() ? INVALID : code == OK ? FAILED : code;
      }
      List<String> wrote = new ArrayList<>();
      for (ConfigConverter.Job job : result.jobs()) {
        String name = names.get(job);
        String manifest = ManifestYaml.render(result.file().toString(), name, job.namespace(), job.key().toString(),
            result.source(), result.files());
        try {
          if (outDir != null) {
            Path target = outDir.resolve(job.namespace()).resolve(name + ".yaml");
            Files.createDirectories(target.getParent());
            Files.writeString(target, manifest, StandardCharsets.UTF_8);
            wrote.add(outDir.relativize(target) + " (" + job.key() + describeEnvironment(job) + ")");
          } else {
            if (!firstDocument) {
              out.println("---");
            }
            out.print(manifest);
            wrote.add(job.namespace() + "/" + name + " (" + job.key() + describeEnvironment(job) + ")");
          }
          firstDocument = false;
          written++;
        } catch (IOException e) {
          summary.println(result.file() + ": cannot write its manifest: " + e.getMessage());
          return FAILED;
        }
      }
      StringBuilder line = new StringBuilder(result.file().toString()).append(": ");
      if (!wrote.isEmpty()) {
        line.append("wrote ").append(wrote.size()).append(wrote.size() == 1 ? " manifest: " : " manifests: ")
            .append(String.join(", ", wrote));
      }
      if (!result.ok()) {
        line.append(wrote.isEmpty() ? "" : "; ").append("not written: ").append(String.join("; ", result.problems()));
        notWritten++;
      }
      summary.println(line);
    }
    summary.println(results.size() + (results.size() == 1 ? " file, " : " files, ") + written
        + (written == 1 ? " AuroraJob" : " AuroraJobs") + " written"
        + (notWritten > 0 ? "; " + notWritten + (notWritten == 1 ? " file has" : " files have")
            + " jobs that were not written" : ""));
    return code;
  }

  private static boolean same(Path a, Path b) {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }

  private static String describeEnvironment(ConfigConverter.Job job) {
    return job.environmentGiven() ? ", which defines no environment: given '" + job.key().environment() + "'" : "";
  }

  private static int usage(PrintStream err, String problem) {
    err.println("aurora-operator convert: " + problem);
    err.println(USAGE_TEXT);
    return USAGE;
  }

  /** Resource names: the job's name made a DNS-1123 label, unique per namespace over the whole conversion. */
  static final class ManifestNames {
    static final int MAX_LENGTH = 63;

    private ManifestNames() {}

    /**
     * Jobs sharing a name in a namespace get the parts of their keys that tell them apart: the environment, then
     * the cluster, then the role (e.g. {@code web-prod}, {@code web-staging}). Whatever still collides gets a
     * counter ({@code -2}, {@code -3}).
     */
    static Map<ConfigConverter.Job, String> assign(List<ConfigConverter.Job> jobs) {
      Map<String, List<ConfigConverter.Job>> byName = new LinkedHashMap<>();
      for (ConfigConverter.Job job : jobs) {
        byName.computeIfAbsent(job.namespace() + "/" + label(job.key().name()), k -> new ArrayList<>()).add(job);
      }
      Map<ConfigConverter.Job, String> names = new LinkedHashMap<>();
      Set<String> taken = new HashSet<>();
      for (List<ConfigConverter.Job> group : byName.values()) {
        boolean environments = group.stream().map(j -> j.key().environment()).distinct().count() > 1;
        boolean clusters = group.stream().map(j -> j.key().cluster()).distinct().count() > 1;
        boolean roles = group.stream().map(j -> j.key().role()).distinct().count() > 1;
        for (ConfigConverter.Job job : group) {
          StringBuilder name = new StringBuilder(job.key().name());
          if (environments) {
            name.append('-').append(job.key().environment());
          }
          if (clusters) {
            name.append('-').append(job.key().cluster());
          }
          if (roles) {
            name.append('-').append(job.key().role());
          }
          String base = label(name.toString());
          String candidate = base;
          for (int n = 2; !taken.add(job.namespace() + "/" + candidate); n++) {
            String suffix = "-" + n;
            candidate = trim(base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length()))) + suffix;
          }
          names.put(job, candidate);
        }
      }
      return names;
    }

    /** Lower case; {@code _}, {@code .} and anything else outside {@code [a-z0-9-]} become {@code -}. */
    static String label(String text) {
      String lower = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
      String trimmed = trim(lower.length() > MAX_LENGTH ? lower.substring(0, MAX_LENGTH) : lower);
      return trimmed.isEmpty() ? "job" : trimmed;
    }

    private static String trim(String text) {
      return text.replaceAll("^-+", "").replaceAll("-+$", "");
    }
  }
}
