package dev.aurora.operator.evaluation;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code aurora-operator evaluator ...}: the evaluator's own processes.
 * <ul>
 *   <li>{@code evaluator worker}: one worker speaking the protocol on stdin/stdout (what the pool starts);</li>
 *   <li>{@code evaluator serve --socket PATH [--pool-size N] [--time-limit-seconds S] [--memory-mb M]
 *       [--max-output-bytes B]}: the sidecar, a worker pool behind a Unix domain socket.</li>
 * </ul>
 */
public final class EvaluatorMain {
  private EvaluatorMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    if (args.length == 0) {
      return usage("missing mode");
    }
    if (args[0].equals("worker")) {
      return EvaluatorWorker.run(new String[0]);
    }
    if (!args[0].equals("serve")) {
      return usage("unknown mode " + args[0]);
    }
    PoolSettings settings = PoolSettings.defaults();
    EvaluationLimits limits = settings.limits();
    Path socket = null;
    for (int i = 1; i < args.length; i++) {
      if (i + 1 >= args.length) {
        return usage(args[i] + " needs a value");
      }
      String value = args[++i];
      try {
        switch (args[i - 1]) {
          case "--socket" -> socket = Path.of(value);
          case "--pool-size" -> settings = settings.withSize(Integer.parseInt(value));
          case "--time-limit-seconds" -> limits = limits.withTimeLimit(Duration.ofSeconds(Long.parseLong(value)));
          case "--memory-mb" -> limits = limits.withMemoryMegabytes(Integer.parseInt(value));
          case "--max-output-bytes" -> limits = limits.withMaxOutputBytes(Integer.parseInt(value));
          default -> {
            return usage("unknown option " + args[i - 1]);
          }
        }
      } catch (IllegalArgumentException e) {
        return usage(args[i - 1] + ": " + e.getMessage());
      }
    }
    if (socket == null) {
      return usage("serve needs --socket PATH");
    }
    try (EvaluatorSocketServer server = EvaluatorSocketServer.start(settings.withLimits(limits), socket)) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      System.err.println("evaluator: serving on " + socket + " with " + settings.size() + " workers");
      server.awaitClose();
      return 0;
    } catch (Exception e) {
      System.err.println("evaluator: " + e.getMessage());
      return 1;
    }
  }

  private static int usage(String problem) {
    System.err.println("evaluator: " + problem + "\nusage: evaluator worker\n"
        + "       evaluator serve --socket PATH [--pool-size N] [--time-limit-seconds S] [--memory-mb M]"
        + " [--max-output-bytes B]");
    return 2;
  }
}
