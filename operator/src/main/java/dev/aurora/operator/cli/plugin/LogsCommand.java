package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.crd.v1alpha1.InstanceRanges;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kubectl aurora logs NS/NAME INSTANCE [PROCESS] [--stderr] [-f]}: a process' stdout (or stderr) in the
 * current task of an instance, as the Thermos observer showed it. The executor writes each run of a process to
 * {@code .logs/<process>/<run>/{stdout,stderr}} in the sandbox; the latest run is shown. Without PROCESS the task's
 * only process is meant; with several, the command names them. {@code -f} follows the file by offset, and moves on
 * to a newer run when the process is run again.
 */
final class LogsCommand {
  static final String USAGE = "logs NS/NAME INSTANCE [PROCESS] [--stderr] [-f]";
  private static final long FOLLOW_POLL_MILLIS = 500;

  private LogsCommand() {
  }

  static int run(String[] argv, Map<String, String> environment, OutputStream out) throws IOException {
    Args args = Args.parse(argv, Set.of("--stderr", "-f", "--follow"), Set.of());
    args.expectPositional(2, 3);
    JobAddress address = args.job(0);
    int instance;
    try {
      instance = Integer.parseInt(args.positional.get(1));
    } catch (NumberFormatException e) {
      throw new UsageException("INSTANCE is an instance id, not '" + args.positional.get(1) + "'");
    }
    JsonNode task = instanceStatus(args.kubectl(environment).job(address), address, instance);
    String sandbox = task.path("sandbox").asText(null);
    if (sandbox == null) {
      throw new PluginException(address + " instance " + instance + " (task " + task.path("taskId").asText("-")
          + ", " + task.path("state").asText("?") + ") has no sandbox in its status yet: the backend names it once "
          + "the task is placed");
    }
    SandboxFiles files = SandboxFiles.of(sandbox);
    String process = process(files, args.positional.size() > 2 ? args.positional.get(2) : null, address, instance);
    String stream = args.has("--stderr") ? "stderr" : "stdout";
    int run = latestRun(files, process);
    if (run < 0) {
      throw new PluginException("process " + process + " of " + address + " instance " + instance
          + " has not started yet");
    }
    long offset = copy(files, path(process, run, stream), 0, out);
    if (!args.has("-f") && !args.has("--follow")) {
      return 0;
    }
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(FOLLOW_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      offset = copy(files, path(process, run, stream), offset, out);
      int latest = latestRun(files, process);
      if (latest > run) {
        offset = copy(files, path(process, run, stream), offset, out); // what the old run wrote last
        System.err.println("== " + process + " run " + latest + " ==");
        run = latest;
        offset = copy(files, path(process, run, stream), 0, out);
      }
    }
    return 0;
  }

  /** The instance's entry in the status, or an error naming the instances the status lists. */
  static JsonNode instanceStatus(JsonNode job, JobAddress address, int instance) {
    List<Integer> listed = new ArrayList<>();
    for (JsonNode task : job.path("status").path("tasks")) {
      if (task.path("id").asInt(-1) == instance) {
        return task;
      }
      listed.add(task.path("id").asInt());
    }
    throw new PluginException(address + " has no instance " + instance + " in its status (listed: "
        + (listed.isEmpty() ? "none" : InstanceRanges.format(new java.util.TreeSet<>(listed))) + ")");
  }

  private static String process(SandboxFiles files, String asked, JobAddress address, int instance) {
    List<String> processes = files.list(".logs");
    if (asked != null) {
      if (!processes.contains(asked)) {
        throw new PluginException("instance " + instance + " of " + address + " has no logs of process '" + asked
            + "'" + (processes.isEmpty() ? " (no process has started yet)" : "; its processes: "
            + String.join(", ", processes)));
      }
      return asked;
    }
    if (processes.size() == 1) {
      return processes.get(0);
    }
    if (processes.isEmpty()) {
      throw new PluginException("instance " + instance + " of " + address + " has no process logs yet");
    }
    throw new PluginException("the task of instance " + instance + " of " + address + " runs several processes; "
        + "name one: " + String.join(", ", processes));
  }

  private static int latestRun(SandboxFiles files, String process) {
    int latest = -1;
    for (String name : files.list(".logs/" + process)) {
      try {
        latest = Math.max(latest, Integer.parseInt(name));
      } catch (NumberFormatException e) {
        // not a run directory
      }
    }
    return latest;
  }

  private static String path(String process, int run, String stream) {
    return ".logs/" + process + "/" + run + "/" + stream;
  }

  /** Copies the file from {@code offset} to its current end; returns the new offset. */
  private static long copy(SandboxFiles files, String file, long offset, OutputStream out) throws IOException {
    while (true) {
      byte[] data = files.read(file, offset);
      if (data == null || data.length == 0) {
        out.flush();
        return offset;
      }
      out.write(data);
      offset += data.length;
    }
  }
}
