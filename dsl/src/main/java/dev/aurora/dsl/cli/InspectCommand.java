package dev.aurora.dsl.cli;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.loader.ConfigSources;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code inspect [--json] [--bind k=v]... FILE [cluster/role/env/name]}: evaluates a config as {@code aurora job
 * inspect} did and prints the job in Aurora's layout, or with {@code --json} the interpolated job JSON.
 *
 * <p>Exit codes follow Aurora's client: 0 ok, 3 invalid configuration, 5 invalid command line, 6 bad job key.
 */
public final class InspectCommand {
  static final int OK = 0;
  static final int INVALID_CONFIGURATION = 3;
  static final int INVALID_COMMAND = 5;
  static final int INVALID_PARAMETER = 6;
  private static final String USAGE = "usage: inspect [--json] [--bind name=value]... FILE [cluster/role/environment/name]";

  private InspectCommand() {}

  public static int run(String[] args) {
    return run(args, System.getenv(), System.out, System.err);
  }

  /** {@code environment} is what the config's {@code os.getenv} sees. */
  public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    boolean json = false;
    List<String> bindings = new ArrayList<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--json")) {
        json = true;
      } else if (arg.equals("--bind") && i + 1 < args.length) {
        bindings.add(args[++i]);
      } else if (arg.startsWith("--bind=")) {
        bindings.add(arg.substring("--bind=".length()));
      } else if (arg.equals("-h") || arg.equals("--help")) {
        out.print(help());
        return OK;
      } else if (arg.startsWith("-")) {
        err.println("inspect: unknown option " + arg + "\n" + USAGE);
        return INVALID_COMMAND;
      } else {
        positional.add(arg);
      }
    }
    if (positional.isEmpty() || positional.size() > 2) {
      err.println(USAGE);
      return INVALID_COMMAND;
    }
    String file = positional.get(0);
    if (!Files.isRegularFile(Path.of(file))) {
      err.println("Error loading configuration: Could not load resource " + file);
      return INVALID_CONFIGURATION;
    }
    JobKey key = null;
    if (positional.size() == 2) {
      try {
        key = JobKey.parse(positional.get(1));
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return INVALID_PARAMETER;
      }
    }
    EvaluationResult result = AuroraConfigEvaluator.evaluate(
        new EvaluationRequest(file, ConfigSources.fileSystem(), environment, bindings, key));
    if (!result.ok()) {
      err.println("Error loading configuration: " + result.error().render());
      return INVALID_CONFIGURATION;
    }
    if (key == null && result.jobs().size() > 1) {
      err.println("Error loading configuration: Configuration has multiple jobs but no job name specified!");
      return INVALID_CONFIGURATION;
    }
    JobSpec job = result.jobs().get(0);
    PrintStream utf8 = new PrintStream(out, true, StandardCharsets.UTF_8);
    utf8.print(json ? CanonicalJson.pretty(job.jobJsonTree()) + "\n" : InspectFormatter.format(job));
    utf8.flush();
    return OK;
  }

  private static String help() {
    try (var in = InspectCommand.class.getResourceAsStream("inspect-help.txt")) {
      return in == null ? USAGE + "\n" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return USAGE + "\n";
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
