package dev.aurora.operator.cli.plugin;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code kubectl aurora VERB ...} ({@code bin/kubectl-aurora}): Aurora's client verbs on AuroraJobs. Reads go through
 * {@code kubectl get -o json}, changes are merge patches of the spec through {@code kubectl patch}; task logs come
 * from the sandbox the status names. {@code status} and {@code logs} load neither the config language (Jython) nor a
 * Kubernetes client library, so they start quickly.
 */
public final class KubectlAurora {
  static final String USAGE = """
      usage: kubectl aurora VERB [ARGS] [-n NAMESPACE] [--context CONTEXT] [--kubeconfig FILE]

        status NS/NAME                         instances, tasks, hosts, ports, failures; the update; the conditions
        logs NS/NAME INSTANCE [PROCESS] [--stderr] [-f]
                                               a process' stdout (stderr) in the instance's current task
        restart NS/NAME [--instances 0-3,7]    rolling restart following update_config
        kill NS/NAME --instances 0-3,7         kill chosen instances and keep them down
        start NS/NAME --instances 0-3,7        bring killed instances back
        update pause|resume|abort|pulse NS/NAME
                                               control the update in flight
        inspect [--json] [--bind k=v]... FILE.aurora [cluster/role/env/name]
        inspect [--json] NS/NAME               the job a file or an AuroraJob's spec evaluates to
        diff NS/NAME FILE.aurora [cluster/role/env/name] [--bind k=v]...
                                               what putting the file into spec.source would change

      NS/NAME is an AuroraJob (kubectl get aj); NAME with -n NS works too. Whole-job operations are plain kubectl:
      create/update = kubectl apply, killall = kubectl delete aj NAME.
      """;

  private KubectlAurora() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  public static int run(String[] args, Map<String, String> environment) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    return run(args, environment, out, System.err, new FileOutputStream(FileDescriptor.out));
  }

  static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err, OutputStream raw) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String verb = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    String usage = switch (verb) {
      case "status" -> "status NS/NAME";
      case "logs" -> LogsCommand.USAGE;
      case "restart" -> SpecCommands.RESTART_USAGE;
      case "kill" -> SpecCommands.KILL_USAGE;
      case "start" -> SpecCommands.START_USAGE;
      case "update" -> SpecCommands.UPDATE_USAGE;
      case "inspect" -> InspectVerb.USAGE;
      case "diff" -> DiffCommand.USAGE;
      default -> null;
    };
    if (usage == null) {
      err.println("kubectl aurora: unknown verb '" + verb + "'");
      err.print(USAGE);
      return 2;
    }
    try {
      return switch (verb) {
        case "status" -> status(rest, environment, out);
        case "logs" -> LogsCommand.run(rest, environment, raw);
        case "restart" -> SpecCommands.restart(rest, environment, out);
        case "kill" -> SpecCommands.killOrStart(true, rest, environment, out);
        case "start" -> SpecCommands.killOrStart(false, rest, environment, out);
        case "update" -> SpecCommands.update(rest, environment, out);
        case "inspect" -> InspectVerb.run(rest, environment, out, err);
        default -> DiffCommand.run(rest, environment, out);
      };
    } catch (UsageException e) {
      err.println("kubectl aurora " + verb + ": " + e.getMessage());
      err.println("usage: kubectl aurora " + usage);
      return 2;
    } catch (PluginException e) {
      err.println("kubectl aurora " + verb + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("kubectl aurora " + verb + ": " + e.getMessage());
      return 1;
    }
  }

  private static int status(String[] argv, Map<String, String> environment, PrintStream out) {
    Args args = Args.parse(argv, java.util.Set.of(), java.util.Set.of());
    args.expectPositional(1, 1);
    JobAddress job = args.job(0);
    out.print(StatusTable.format(job, args.kubectl(environment).job(job)));
    out.flush();
    return 0;
  }
}
