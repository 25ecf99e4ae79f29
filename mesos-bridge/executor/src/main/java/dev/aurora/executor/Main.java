package dev.aurora.executor;

import dev.aurora.executor.cli.RunTaskCommand;
import dev.aurora.executor.mesos.MesosExecutor;
import java.util.Arrays;
import java.util.List;

/** Entry point of aurora-executor.jar: {@code run-task ...} (standalone) or {@code executor} (under Mesos). */
public final class Main {
  private Main() {}

  public static void main(String[] argv) {
    // vfork+exec forks a process noticeably faster than the default posix_spawn through jspawnhelper (JDK 17 Linux).
    if (System.getProperty("jdk.lang.Process.launchMechanism") == null) {
      System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
    }
    List<String> args = Arrays.asList(argv);
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      System.out.println("usage: aurora-executor run-task ... | executor [flags]\n" + RunTaskCommand.USAGE);
      System.exit(args.isEmpty() ? 2 : 0);
    }
    List<String> rest = args.subList(1, args.size());
    int status = switch (args.get(0)) {
      case "run-task" -> RunTaskCommand.run(rest, System.out, System.err);
      case "executor" -> MesosExecutor.runFromEnvironment(rest, System.getenv());
      default -> {
        System.err.println("aurora-executor: unknown command " + args.get(0) + " (run-task | executor)");
        yield 2;
      }
    };
    System.exit(status);
  }
}
