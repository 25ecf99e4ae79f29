package dev.aurora.executor.task;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an assigned-task document (or a bare job JSON plus a {@link Placement}), binds the placement-time
 * references and validates the result. Every error names the source, line and field.
 */
public final class TaskReader {
  /** Placement references as the client leaves them unbound (AURORA.md §3.1). */
  private static final Pattern PLACEMENT_REF =
      Pattern.compile("\\{\\{(mesos\\.instance|mesos\\.hostname|thermos\\.task_id|thermos\\.ports\\[([^\\]]+)\\])}}");

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  private TaskReader() {}

  /** Reads a file holding an assigned-task envelope. */
  public static AssignedTask readAssignedTask(Path file) throws InvalidTaskException {
    return readAssignedTask(read(file), file.toString());
  }

  /** Reads an assigned-task envelope ({@code {"taskId", "instanceId", "hostname", "ports", "job"}}). */
  public static AssignedTask readAssignedTask(String json, String source) throws InvalidTaskException {
    JsonNode tree = parseTree(json, source);
    if (!tree.isObject() || !tree.path("job").isObject()) {
      throw new InvalidTaskException(source + ": line 1: job: required object is missing (expected an assigned task"
          + " {\"taskId\", \"instanceId\", \"hostname\", \"ports\", \"job\"})");
    }
    require(json, source, "/instanceId", tree.path("instanceId").canConvertToInt(), "instanceId",
        "required integer is missing");
    AssignedTask envelope = bind(json, source, AssignedTask.class, null);
    Placement placement = new Placement(envelope.taskId(), envelope.instanceId(), envelope.hostname(),
        envelope.ports());
    require(json, source, "/taskId", placement.taskId() != null && !placement.taskId().isBlank(),
        "taskId", "required string is missing");
    AssignedTask bound = bind(json, source, AssignedTask.class, placement);
    TaskValidator.validate(bound.job(), json, source, "/job");
    return bound;
  }

  /**
   * Reads a bare job JSON (one {@code json} entry of {@code aurora job inspect}) and places it with the given
   * values. Ports referenced by the job but not given are taken from free local ports.
   */
  public static AssignedTask readJob(String json, String source, Placement placement) throws InvalidTaskException {
    JsonNode tree = parseTree(json, source);
    if (!tree.isObject() || !tree.path("task").isObject()) {
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
    JobConfig job = bind(json, source, JobConfig.class, complete);
    TaskValidator.validate(job, json, source, "");
    return new AssignedTask(taskId, complete.instanceId(), complete.hostname(), ports, job);
  }

  /** Reads either shape from a file: an envelope when it has a {@code job} object, else a bare job. */
  public static AssignedTask readAny(Path file, Placement placement) throws InvalidTaskException {
    String json = read(file);
    JsonNode tree = parseTree(json, file.toString());
    if (tree.path("job").isObject()) {
      return readAssignedTask(json, file.toString());
    }
    return readJob(json, file.toString(), placement);
  }

  /** Thermos task id: {@code <role>-<env>-<name>-<instance>-<uuid>} with every non-{@code [\w-]} char as '-'. */
  static String defaultTaskId(JsonNode job, int instance) {
    String raw = String.join("-", job.path("role").asText("role"), job.path("environment").asText("env"),
        job.path("name").asText("task"), Integer.toString(instance), UUID.randomUUID().toString());
    return raw.replaceAll("[^\\w-]", "-");
  }

  private static <T> T bind(String json, String source, Class<T> type, Placement placement)
      throws InvalidTaskException {
    String text = placement == null ? json : substitute(json, source, placement);
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonMappingException e) {
      throw new InvalidTaskException(describe(source, e));
    } catch (JsonProcessingException e) {
      throw new InvalidTaskException(source + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    }
  }

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
      String escaped = escape(value);
      m.appendReplacement(out, Matcher.quoteReplacement(escaped));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String escape(String value) {
    try {
      String quoted = MAPPER.writeValueAsString(value);
      return quoted.substring(1, quoted.length() - 1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(String source, JsonMappingException e) {
    String field = fieldPath(e);
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String what;
    if (e instanceof InvalidFormatException ife) {
      what = "cannot read " + ife.getValue() + " as " + typeName(ife.getTargetType());
    } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
      what = "expected " + typeName(mie.getTargetType());
    } else {
      what = e.getOriginalMessage();
    }
    return source + ": line " + line + ": " + (field.isEmpty() ? "" : field + ": ") + what;
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "an object (" + type.getSimpleName() + ")";
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static void require(String json, String source, String pointer, boolean ok, String field, String message)
      throws InvalidTaskException {
    if (!ok) {
      throw new InvalidTaskException(
          source + ": line " + JsonLocator.lineOf(json, JsonPointer.compile(pointer)) + ": " + field + ": " + message);
    }
  }

  private static JsonNode parseTree(String json, String source) throws InvalidTaskException {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null) {
        throw new InvalidTaskException(source + ": line 1: empty document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidTaskException(source + ": line " + e.getLocation().getLineNr() + ": malformed JSON: "
          + e.getOriginalMessage());
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
