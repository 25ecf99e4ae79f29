package dev.aurora.operator.cli;

import dev.aurora.dsl.cli.InspectCommand;
import dev.aurora.operator.evaluation.EvaluatorMain;
import java.util.Arrays;

/** Entry point of {@code bin/aurora-operator}: one subcommand per job. */
public final class Main {
  private static final String USAGE = """
      usage: aurora-operator COMMAND [ARGS]

        up [--exit]      start a local API server with the AuroraJob CRD and the operator (local backend), apply
                         the example job, wait for it to run and show it (--exit: stop once it has run)
        run [--cluster NAME] [--backend local|mesos] [--mesos-master URL] ...
                         the operator against the current kubeconfig; every flag also as AURORA_<FLAG>
        inspect [--json] [--bind k=v]... FILE [cluster/role/env/name]
                         evaluate a .aurora file and print the job as `aurora job inspect` did
        convert [--namespace NS] [--out DIR] [--default-environment ENV] FILE.aurora|DIR...
                         write one AuroraJob manifest per job of each .aurora file (includes packed);
                         files that would be Invalid are reported, not written
        evaluator worker | serve --socket PATH [--pool-size N] ...
                         the sandboxed config evaluator (a pool worker, or the sidecar's socket server)
        kubectl-aurora VERB ...
                         the kubectl plugin (bin/kubectl-aurora: `kubectl aurora status|logs|restart|...`)

      run-task and executor run from the executor's own jar; see bin/aurora-operator --help.
      """;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      System.out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "up" -> UpCommand.run(rest);
      case "run" -> RunCommand.run(rest);
      case "inspect" -> InspectCommand.run(rest);
      case "evaluator" -> EvaluatorMain.run(rest);
      case "convert" -> ConvertCommand.run(rest);
      case "kubectl-aurora" -> dev.aurora.operator.cli.plugin.KubectlAurora.run(rest, System.getenv());
      default -> {
        System.err.println("aurora-operator: unknown command '" + args[0] + "'");
        System.err.print(USAGE);
        yield 2;
      }
    };
  }
}
