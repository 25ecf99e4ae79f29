package dev.aurora.executor.task;

import dev.aurora.executor.json.Json;
import dev.aurora.executor.json.Json.Node;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an assigned-task document (or a bare job JSON plus a {@link Placement}), binds the placement-time
 * references and validates the result. Unknown fields are ignored; every error names the source, line and field.
 */
public final class TaskReader {
  /** Placement references as the client leaves them unbound (AURORA.md §3.1). */
  private static final Pattern PLACEMENT_REF =
      Pattern.compile("\\{\\{(mesos\\.instance|mesos\\.hostname|thermos\\.task_id|thermos\\.ports\\[([^\\]]+)\\])}}");

  private TaskReader() {}

  /** Reads a file holding an assigned-task envelope. */
  public static AssignedTask readAssignedTask(Path file) throws InvalidTaskException {
    return readAssignedTask(read(file), file.toString());
  }

  /** Reads an assigned-task envelope ({@code {"taskId", "instanceId", "hostname", "ports", "job"}}). */
  public static AssignedTask readAssignedTask(String json, String source) throws InvalidTaskException {
    Fields envelope = new Fields(parse(json, source), "", source);
    String taskId = envelope.string("taskId");
    if (taskId == null || taskId.isBlank()) {
      throw envelope.error("taskId", envelope.value("taskId"), "required string is missing");
    }
    if (envelope.value("instanceId") == null) {
      throw envelope.error("instanceId", null, "required integer is missing");
    }
    Fields job = envelope.object("job");
    if (job == null) {
      throw envelope.error("job", null, "required object is missing (expected an assigned task"
          + " {\"taskId\", \"instanceId\", \"hostname\", \"ports\", \"job\"})");
    }
    Placement placement = new Placement(taskId, envelope.integer("instanceId"), envelope.string("hostname"),
        envelope.integers("ports"));
    Node boundJob = parse(substitute(json, source, placement), source).get("job");
    JobConfig config = job(new Fields(boundJob, "job", source));
    TaskValidator.validate(config, boundJob, source, "job");
    return new AssignedTask(taskId, placement.instanceId(), placement.hostname(), placement.ports(), config);
  }

  /**
   * Reads a bare job JSON (one {@code json} entry of {@code aurora job inspect}) and places it with the given
   * values. Ports referenced by the job but not given are taken from free local ports.
   */
  public static AssignedTask readJob(String json, String source, Placement placement) throws InvalidTaskException {
    Node tree = parse(json, source);
    if (!tree.isObject() || tree.get("task") == null || !tree.get("task").isObject()) {
      throw new InvalidTaskException(source + ": line 1: task: required object is missing (expected an Aurora job)");
    }
    Map<String, Integer> ports = new LinkedHashMap<>(placement.ports());
    Matcher m = PLACEMENT_REF.matcher(json);
    while (m.find()) {
      if (m.group(2) != null && !ports.containsKey(m.group(2))) {
        ports.put(m.group(2), freePort());
      }
    }
    String taskId = placement.taskId() != null ? placement.taskId() : defaultTaskId(tree, placement.instanceId());
    Placement complete = new Placement(taskId, placement.instanceId(), placement.hostname(), ports);
    Node bound = parse(substitute(json, source, complete), source);
    JobConfig job = job(new Fields(bound, "", source));
    TaskValidator.validate(job, bound, source, "");
    return new AssignedTask(taskId, complete.instanceId(), complete.hostname(), ports, job);
  }

  /** Reads either shape from a file: an envelope when it has a {@code job} object, else a bare job. */
  public static AssignedTask readAny(Path file, Placement placement) throws InvalidTaskException {
    String json = read(file);
    Node tree = parse(json, file.toString());
    if (tree.get("job") != null && tree.get("job").isObject()) {
      return readAssignedTask(json, file.toString());
    }
    return readJob(json, file.toString(), placement);
  }

  /** Thermos task id: {@code <role>-<env>-<name>-<instance>-<uuid>} with every non-{@code [\w-]} char as '-'. */
  static String defaultTaskId(Node job, int instance) {
    String raw = String.join("-", job.fields().containsKey("role") ? job.get("role").text("role") : "role",
        job.fields().containsKey("environment") ? job.get("environment").text("env") : "env",
        job.fields().containsKey("name") ? job.get("name").text("task") : "task", Integer.toString(instance),
        UUID.randomUUID().toString());
    return raw.replaceAll("[^\\w-]", "-");
  }

  // ---- JSON to records, field by field ------------------------------------------------------------------------

  private static JobConfig job(Fields f) throws InvalidTaskException {
    Fields task = f.object("task");
    Fields health = f.object("health_check_config");
    Fields lifecycle = f.object("lifecycle");
    Fields announce = f.object("announce");
    return new JobConfig(f.string("name"), f.string("role"), f.string("environment"), f.string("cluster"),
        task == null ? null : task(task), health == null ? null : healthCheck(health),
        lifecycle == null ? null : lifecycle(lifecycle),
        announce == null ? null : new AnnounceConfig(announce.string("primary_port"), announce.string("zk_path")));
  }

  private static TaskConfig task(Fields f) throws InvalidTaskException {
    List<ProcessConfig> processes = new ArrayList<>();
    for (Fields p : f.objects("processes")) {
      processes.add(process(p));
    }
    List<OrderConstraint> constraints = new ArrayList<>();
    for (Fields c : f.objects("constraints")) {
      constraints.add(new OrderConstraint(c.strings("order")));
    }
    Fields r = f.object("resources");
    ResourcesConfig resources = r == null ? null
        : new ResourcesConfig(r.number("cpu"), r.longValue("ram"), r.longValue("disk"), r.integer("gpu"));
    return new TaskConfig(f.string("name"), processes, constraints, resources, f.integer("max_failures"),
        f.integer("max_concurrency"), f.integer("finalization_wait"));
  }

  private static ProcessConfig process(Fields f) throws InvalidTaskException {
    Fields logger = f.object("logger");
    LoggerConfig loggerConfig = null;
    if (logger != null) {
      Fields rotate = logger.object("rotate");
      loggerConfig = new LoggerConfig(logger.string("destination"), logger.string("mode"),
          rotate == null ? null : new RotatePolicy(rotate.longValue("log_size"), rotate.integer("backups")));
    }
    return new ProcessConfig(f.string("name"), f.string("cmdline"), f.integer("max_failures"), f.bool("daemon"),
        f.bool("ephemeral"), f.integer("min_duration"), f.bool("final"), loggerConfig);
  }

  private static HealthCheckConfig healthCheck(Fields f) throws InvalidTaskException {
    Fields checker = f.object("health_checker");
    HealthCheckerConfig checkerConfig = null;
    if (checker != null) {
      Fields http = checker.object("http");
      Fields shell = checker.object("shell");
      checkerConfig = new HealthCheckerConfig(
          http == null ? null : new HttpHealthChecker(http.string("endpoint"), http.string("expected_response"),
              http.integer("expected_response_code")),
          shell == null ? null : new ShellHealthChecker(shell.string("shell_command")));
    }
    return new HealthCheckConfig(checkerConfig, f.number("initial_interval_secs"), f.number("interval_secs"),
        f.integer("max_consecutive_failures"), f.integer("min_consecutive_successes"), f.number("timeout_secs"));
  }

  private static LifecycleConfig lifecycle(Fields f) throws InvalidTaskException {
    Fields http = f.object("http");
    return new LifecycleConfig(http == null ? null : new HttpLifecycleConfig(http.string("port"),
        http.string("graceful_shutdown_endpoint"), http.string("shutdown_endpoint"),
        http.integer("graceful_shutdown_wait_secs"), http.integer("shutdown_wait_secs")));
  }

  // ---- text-level helpers -------------------------------------------------------------------------------------

  /** Binds placement references inside JSON strings; the replacement is JSON-escaped so line numbers survive. */
  private static String substitute(String json, String source, Placement placement) throws InvalidTaskException {
    Matcher m = PLACEMENT_REF.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    while (m.find()) {
      String value;
      if (m.group(2) != null) {
        Integer port = placement.ports().get(m.group(2));
        if (port == null) {
          int line = 1 + (int) json.substring(0, m.start()).chars().filter(c -> c == '\n').count();
          throw new InvalidTaskException(source + ": line " + line + ": ports: Task requires unbound port "
              + m.group(2) + "! (assigned ports: " + placement.ports().keySet() + ")");
        }
        value = Integer.toString(port);
      } else {
        value = switch (m.group(1)) {
          case "mesos.instance" -> Integer.toString(placement.instanceId());
          case "mesos.hostname" -> String.valueOf(placement.hostname());
          default -> String.valueOf(placement.taskId());
        };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(Json.escape(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Line of the value at a path like {@code task.processes[1].cmdline}, or of its nearest existing parent. */
  static int lineOf(Node root, String path) {
    Node node = root;
    for (String segment : path.replace("[", ".").replace("]", "").split("\\.")) {
      if (segment.isEmpty()) {
        continue;
      }
      Node next = null;
      if (node.isObject()) {
        next = node.get(segment);
      } else if (node.isArray() && segment.chars().allMatch(Character::isDigit)) {
        int i = Integer.parseInt(segment);
        next = i < node.elements().size() ? node.elements().get(i) : null;
      }
      if (next == null) {
        break;
      }
      node = next;
    }
    return node.line();
  }

  private static Node parse(String json, String source) throws InvalidTaskException {
    try {
      Node node = Json.parse(json);
      if (!node.isObject()) {
        throw new InvalidTaskException(source + ": line " + node.line() + ": expected a JSON object");
      }
      return node;
    } catch (Json.SyntaxException e) {
      throw new InvalidTaskException(source + ": line " + e.line() + ": malformed JSON: " + e.getMessage());
    }
  }

  private static String read(Path file) throws InvalidTaskException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidTaskException(file + ": cannot read: " + e);
    }
  }

  private static int freePort() throws InvalidTaskException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new InvalidTaskException("cannot allocate a local port: " + e);
    }
  }
}
