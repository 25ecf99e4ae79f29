package dev.aurora.executor.cli;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.supervisor.TaskOutcome;
import dev.aurora.executor.supervisor.TaskSupervisor;
import dev.aurora.executor.task.BoundTask;
import dev.aurora.executor.task.InvalidTaskException;
import dev.aurora.executor.task.Placement;
import dev.aurora.executor.task.TaskReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run-task}: runs one task without Mesos and prints each transition. Exit status: 0 when the task
 * succeeded, 1 failed, 3 killed, 4 lost, 2 for bad arguments or an invalid task document.
 */
public final class RunTaskCommand {
  public static final String USAGE = """
      usage: run-task --task FILE --sandbox DIR [--instance N] [--task-id ID] [--hostname H] [--port NAME=N]...
                      [--kill-wait-secs S] [--disk-check-interval-secs S] [--runner-logger-destination D]
                      [--runner-logger-mode M] [--runner-rotate-log-size-mb N] [--runner-rotate-log-backups N]
                      [--announcer-ensemble HOST:PORT,...] [--announcer-serverset-path /PATH]
                      [--announcer-allow-custom-serverset-path] [--announcer-hostname H]
                      [--nosetuid] [--nosetuid-health-checks]
        FILE is an assigned task {"taskId","instanceId","hostname","ports","job"} or a bare job JSON; for a bare
        job the other flags place it (ports it references or its announce.portmap targets, not given with --port,
        get free local ports).""";

  private RunTaskCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Path taskFile = null;
    Path sandbox = null;
    int instance = 0;
    String taskId = null;
    String hostname = null;
    Map<String, Integer> ports = new LinkedHashMap<>();
    ExecutorSettings settings;
    try {
      settings = ExecutorSettings.parse(args);
      for (int i = 0; i < args.size(); i++) {
        String flag = args.get(i);
        switch (flag) {
          case "--task" -> taskFile = Path.of(value(args, ++i, flag));
          case "--sandbox" -> sandbox = Path.of(value(args, ++i, flag));
          case "--instance" -> instance = Integer.parseInt(value(args, ++i, flag));
          case "--task-id" -> taskId = value(args, ++i, flag);
          case "--hostname" -> hostname = value(args, ++i, flag);
          case "--port" -> {
            String spec = value(args, ++i, flag);
            int eq = spec.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--port wants NAME=NUMBER, got " + spec);
            }
            ports.put(spec.substring(0, eq), Integer.parseInt(spec.substring(eq + 1)));
          }
          default -> {
            int arity = ExecutorSettings.settingsFlagArity(flag);
            if (arity < 0) {
              throw new IllegalArgumentException("unknown argument " + flag);
            }
            i += arity;
          }
        }
      }
      if (taskFile == null || sandbox == null) {
        throw new IllegalArgumentException("--task and --sandbox are required");
      }
    } catch (IllegalArgumentException e) {
      err.println("run-task: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    BoundTask task;
    try {
      task = TaskReader.readAny(taskFile, new Placement(taskId, instance, hostname != null ? hostname : localHost(),
          ports));
    } catch (InvalidTaskException e) {
      err.println("run-task: invalid task: " + e.getMessage());
      return 2;
    }
    TaskSupervisor supervisor = new TaskSupervisor(task, sandbox.toAbsolutePath(), settings,
        new TransitionPrinter(out, task.taskId()));
    Duration stopLimit = settings.killWait().plusSeconds(60);
    // Ctrl-C or SIGTERM to run-task kills the task properly, so nothing it started outlives it.
    Thread hook = new Thread(() -> {
      supervisor.kill();
      try {
        supervisor.awaitEnd(stopLimit);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "run-task-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    supervisor.start();
    try {
      while (!supervisor.awaitEnd(Duration.ofHours(1))) {
        // keep waiting: a service task runs until killed
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 4;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running
    }
    return exitStatus(supervisor.outcome());
  }

  static int exitStatus(TaskOutcome outcome) {
    TaskState s = outcome.state();
    return switch (s) {
      case SUCCESS -> 0;
      case KILLED -> 3;
      case LOST -> 4;
      default -> 1;
    };
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
