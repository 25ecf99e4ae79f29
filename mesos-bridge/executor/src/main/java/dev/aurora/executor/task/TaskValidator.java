package dev.aurora.executor.task;

import dev.aurora.executor.json.Json.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Thermos' task checks (AURORA.md §4.5) applied to a parsed job, with errors naming the field and its line. */
final class TaskValidator {
  private static final Pattern PROCESS_NAME = Pattern.compile("^[^./][^/]*$");
  private static final Set<String> DESTINATIONS = Set.of("file", "console", "both", "none");
  private static final Set<String> MODES = Set.of("standard", "rotate");

  /** The job's JSON, for the line numbers of errors. */
  private final Node root;
  private final String source;

  private TaskValidator(Node root, String source) {
    this.root = root;
    this.source = source;
  }

  /** Checks {@code config}, read from {@code job} (found at {@code base}, e.g. "job", in the document). */
  static void validate(JobConfig config, Node job, String source, String base) throws InvalidTaskException {
    new TaskValidator(job, source).check(config, base.isEmpty() ? "" : base + ".");
  }

  private void check(JobConfig job, String prefix) throws InvalidTaskException {
    TaskConfig task = job.task();
    need("/task", task != null, prefix + "task", "required object is missing");
    need("/task/processes", !task.processes().isEmpty(), prefix + "task.processes",
        "Processes required for task on job \"" + job.name() + "\"");
    need("/task/max_failures", task.maxFailures() >= 0, prefix + "task.max_failures", "must be >= 0");
    need("/task/max_concurrency", task.maxConcurrency() >= 0, prefix + "task.max_concurrency", "must be >= 0");
    need("/task/finalization_wait", task.finalizationWait() >= 0, prefix + "task.finalization_wait",
        "must be >= 0");
    Map<String, ProcessConfig> byName = new HashMap<>();
    List<ProcessConfig> processes = task.processes();
    for (int i = 0; i < processes.size(); i++) {
      ProcessConfig p = processes.get(i);
      String at = "/task/processes/" + i;
      String field = prefix + "task.processes[" + i + "]";
      need(at + "/name", p.name() != null, field + ".name", "required string is missing");
      need(at + "/name", PROCESS_NAME.matcher(p.name()).matches(), field + ".name",
          "Invalid process name: " + p.name());
      need(at + "/name", byName.put(p.name(), p) == null, field + ".name", "duplicate process name " + p.name());
      need(at + "/cmdline", p.cmdline() != null, field + ".cmdline", "required string is missing");
      need(at + "/max_failures", p.maxFailures() >= 0, field + ".max_failures", "must be >= 0");
      need(at + "/min_duration", p.minDuration() >= 0, field + ".min_duration", "must be >= 0");
      if (p.logger() != null) {
        LoggerConfig l = p.logger();
        need(at + "/logger/destination", DESTINATIONS.contains(l.destination()), field + ".logger.destination",
            "must be one of " + DESTINATIONS);
        need(at + "/logger/mode", MODES.contains(l.mode()), field + ".logger.mode", "must be one of " + MODES);
        need(at + "/logger/rotate/log_size", l.rotate().logSize() > 0, field + ".logger.rotate.log_size",
            "must be > 0");
        need(at + "/logger/rotate/backups", l.rotate().backups() >= 0, field + ".logger.rotate.backups",
            "must be >= 0");
      }
    }
    checkConstraints(task, byName, prefix);
    HealthCheckConfig hc = job.healthCheckConfig();
    need("/health_check_config/interval_secs", hc.intervalSecs() > 0, prefix + "health_check_config.interval_secs",
        "must be > 0");
    need("/health_check_config/timeout_secs", hc.timeoutSecs() > 0, prefix + "health_check_config.timeout_secs",
        "must be > 0");
    ShellHealthChecker shell = hc.healthChecker().shell();
    need("/health_check_config/health_checker/shell", shell == null || shell.shellCommand() != null,
        prefix + "health_check_config.health_checker.shell.shell_command", "required string is missing");
  }

  private void checkConstraints(TaskConfig task, Map<String, ProcessConfig> byName, String prefix)
      throws InvalidTaskException {
    List<OrderConstraint> constraints = task.constraints();
    for (int i = 0; i < constraints.size(); i++) {
      List<String> order = constraints.get(i).order();
      String at = "/task/constraints/" + i + "/order";
      String field = prefix + "task.constraints[" + i + "].order";
      need(at, !order.isEmpty(), field, "Invalid process dependencies! (empty order)");
      if (order.stream().noneMatch(byName::containsKey)) {
        continue; // Thermos silently ignores a constraint that names only unknown processes.
      }
      for (String name : order) {
        need(at, byName.containsKey(name), field, "Invalid process dependencies! (unknown process " + name + ")");
      }
      boolean isFinal = byName.get(order.get(0)).isFinal();
      for (int k = 0; k < order.size(); k++) {
        ProcessConfig p = byName.get(order.get(k));
        need(at, p.isFinal() == isFinal, field, "Invalid process dependencies! (mixes final and non-final)");
        if (k + 1 < order.size()) {
          ProcessConfig next = byName.get(order.get(k + 1));
          need(at, !p.daemon(), field,
              "Process " + next.name() + " may not depend upon daemon process " + p.name());
          need(at, !p.ephemeral() || next.ephemeral(), field,
              "Non-ephemeral process " + next.name() + " may not depend upon ephemeral process " + p.name());
        }
      }
    }
    String cycle = OrderGraph.of(task).findCycle();
    need("/task/constraints", cycle == null, prefix + "task.constraints",
        "Task has invalid plan: Cycles detected in the task schedule! (at " + cycle + ")");
  }

  /** {@code pointer} is the JSON path inside the job ("/task/processes/0/name") whose line the error names. */
  private void need(String pointer, boolean ok, String field, String message) throws InvalidTaskException {
    if (!ok) {
      int line = TaskReader.lineOf(root, pointer.replace('/', '.'));
      throw new InvalidTaskException(source + ": line " + line + ": " + field + ": " + message);
    }
  }
}
