package dev.aurora.executor.task;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.PortResolver;
import dev.aurora.executor.json.Json;
import dev.aurora.executor.json.Json.Node;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one binder: reads the {@link AssignedTask} document a backend hands over (or a bare job JSON plus a
 * {@link Placement}), resolves its ports as Aurora's executor did, binds the placement-time references and validates
 * the result. Unknown fields are ignored; every error names the source, line and field.
 *
 * <p>Ports (Aurora's {@code resolve_ports}): the job's {@code announce.portmap} overridden by the assigned ports, each
 * alias followed to its number ({@code portmap={'health': 'http'}} gives {@code health} the http port), numeric
 * values used as static ports, a cycle refused. A {@code {{thermos.ports[x]}}} whose name resolves to no number is
 * refused as "Task requires unbound port x!".
 */
public final class TaskReader {
  /** Placement references as the client leaves them unbound (AURORA.md §3.1). */
  private static final Pattern PLACEMENT_REF =
      Pattern.compile("\\{\\{(mesos\\.instance|mesos\\.hostname|thermos\\.task_id|thermos\\.ports\\[([^\\]]+)\\])}}");

  private TaskReader() {}

  /** Reads a file holding an assigned-task document. */
  public static BoundTask readAssignedTask(Path file) throws InvalidTaskException {
    return readAssignedTask(read(file), file.toString());
  }

  /** Reads an assigned-task document ({@code {"taskId", "instanceId", "hostname", "ports", "job"}}). */
  public static BoundTask readAssignedTask(String json, String source) throws InvalidTaskException {
    AssignedTask assigned;
    try {
      assigned = AssignedTask.parse(json);
    } catch (IllegalArgumentException e) {
      throw new InvalidTaskException(source + ": " + e.getMessage());
    }
    // The job is an exact slice of the document: errors inside it name the line of the whole document.
    int firstLine = lineOfOffset(json, json.indexOf(assigned.job()));
    return bind(assigned, source, "job", firstLine);
  }

  /**
   * Reads a bare job JSON (one {@code json} entry of {@code aurora job inspect}) and places it with the given
   * values. Ports it needs (its references and portmap targets, as Aurora's client computed them) that are not
   * given are taken from free local ports.
   */
  public static BoundTask readJob(String json, String source, Placement placement) throws InvalidTaskException {
    Node tree = parse(json, source);
    if (!tree.isObject() || tree.get("task") == null || !tree.get("task").isObject()) {
      throw new InvalidTaskException(source + ": line 1: task: required object is missing (expected an Aurora job)");
    }
    Set<String> referenced = new LinkedHashSet<>();
    PortResolver.collectReferences(json, referenced);
    List<String> requested;
    try {
      requested = PortResolver.requested(referenced, portmap(tree, source, ""));
    } catch (PortResolver.CycleException e) {
      throw portmapError(tree, source, "", e);
    }
    Map<String, Integer> ports = new LinkedHashMap<>(placement.ports());
    for (String name : requested) {
      if (!ports.containsKey(name)) {
        ports.put(name, freePort());
      }
    }
    String taskId = placement.taskId() != null ? placement.taskId() : defaultTaskId(tree, placement.instanceId());
    String hostname = placement.hostname() != null ? placement.hostname() : "localhost";
    return bind(new AssignedTask(taskId, placement.instanceId(), hostname, ports, json), source, "", 1);
  }

  /** Reads either shape from a file: an assigned task when it has a {@code job} object, else a bare job. */
  public static BoundTask readAny(Path file, Placement placement) throws InvalidTaskException {
    String json = read(file);
    Node tree = parse(json, file.toString());
    if (tree.get("job") != null && tree.get("job").isObject()) {
      return readAssignedTask(json, file.toString());
    }
    return readJob(json, file.toString(), placement);
  }

  /**
   * Resolves the ports, binds and validates. {@code prefix} is the job's path in the source ("job" or ""), and
   * {@code firstLine} the source line its text starts on.
   */
  private static BoundTask bind(AssignedTask assigned, String source, String prefix, int firstLine)
      throws InvalidTaskException {
    String text = firstLine > 1 ? "\n".repeat(firstLine - 1) + assigned.job() : assigned.job();
    Node unbound = parse(text, source);
    Map<String, Integer> ports;
    try {
      ports = PortResolver.resolve(portmap(unbound, source, prefix), assigned.ports());
    } catch (PortResolver.CycleException e) {
      throw portmapError(unbound, source, prefix, e);
    }
    Placement placement = new Placement(assigned.taskId(), assigned.instanceId(), assigned.hostname(), ports);
    Node bound = parse(substitute(text, source, placement), source);
    JobConfig config = job(new Fields(bound, prefix, source));
    TaskValidator.validate(config, bound, source, prefix);
    return new BoundTask(assigned.taskId(), assigned.instanceId(), assigned.hostname(), ports, config);
  }

  /** The job's {@code announce.portmap}: names to a port name or a static number (absent means empty). */
  private static Map<String, String> portmap(Node job, String source, String prefix) throws InvalidTaskException {
    Node portmap = job.at("announce", "portmap");
    Map<String, String> out = new LinkedHashMap<>();
    if (portmap == null || portmap.value() == null) {
      return out;
    }
    String field = (prefix.isEmpty() ? "" : prefix + ".") + "announce.portmap";
    if (!portmap.isObject()) {
      throw new InvalidTaskException(source + ": line " + portmap.line() + ": " + field + ": expected an object");
    }
    for (Map.Entry<String, Node> e : portmap.fields().entrySet()) {
      Object value = e.getValue().value();
      if (value instanceof String s) {
        out.put(e.getKey(), s);
      } else if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        out.put(e.getKey(), Long.toString(n.longValue()));
      } else {
        throw new InvalidTaskException(source + ": line " + e.getValue().line() + ": " + field + "[" + e.getKey()
            + "]: expected a port name or number, got " + value);
      }
    }
    return out;
  }

  private static InvalidTaskException portmapError(Node job, String source, String prefix, RuntimeException e) {
    Node portmap = job.at("announce", "portmap");
    return new InvalidTaskException(source + ": line " + (portmap != null ? portmap.line() : job.line()) + ": "
        + (prefix.isEmpty() ? "" : prefix + ".") + "announce.portmap: " + e.getMessage());
  }

  private static int lineOfOffset(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
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
              + m.group(2) + "! (resolved ports: " + placement.ports().keySet() + ")");
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
