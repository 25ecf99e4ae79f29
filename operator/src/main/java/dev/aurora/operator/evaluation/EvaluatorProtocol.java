package dev.aurora.operator.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages between the operator (or the socket server) and an evaluator, one JSON object per {@link Frames frame}.
 * Every message carries {@code "protocol": VERSION}; a peer speaking another version is refused rather than guessed at.
 *
 * <pre>
 * worker -> caller, once after start-up: {"protocol":1,"type":"ready","evaluator":"..."}
 * caller -> evaluator: {"protocol":1,"type":"request","id":7,"file":"a.aurora","source":"...","files":{...},
 *                       "job":"c/r/e/n"|null,"bindings":["a=b"],"environment":{...},
 *                       "limits":{"timeMillis":10000,"outputBytes":4194304,"recursion":1000}}
 * evaluator -> caller: {"protocol":1,"type":"response","id":7,"jobs":["{job json}",...]}
 *                   or {"protocol":1,"type":"response","id":7,"error":{"kind":"INVALID_CONFIG","file":"a.aurora",
 *                       "line":3,"field":"task.processes[0].cmdline","message":"..."},"retire":false}
 * </pre>
 * Jobs travel as the dsl's canonical job JSON text, so the receiver rebuilds exactly the {@code JobSpec} (and
 * content hash) the evaluator produced. {@code retire} tells a pool that the worker will exit after this answer.
 */
public final class EvaluatorProtocol {
  public static final int VERSION = 1;
  /** Requests carry at most the source and files of one Kubernetes object, which etcd caps near 1.5 MB. */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private EvaluatorProtocol() {}

  public static final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
      super(message);
    }
  }

  public record Request(long id, EvaluationInput input, Duration timeLimit, int maxOutputBytes, int recursionLimit) {
    public static Request of(long id, EvaluationInput input, EvaluationLimits limits) {
      return new Request(id, input, limits.timeLimit(), limits.maxOutputBytes(), limits.recursionLimit());
    }
  }

  public record Response(long id, List<String> jobs, EvaluationFailure failure, boolean retire) {
    public Response {
      jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    public static Response success(long id, List<String> jobs) {
      return new Response(id, jobs, null, false);
    }

    public static Response failure(long id, EvaluationFailure failure, boolean retire) {
      return new Response(id, List.of(), failure, retire);
    }
  }

  public record Ready(String evaluatorVersion) {}

  public static byte[] encode(Ready ready) {
    ObjectNode node = header("ready");
    node.put("evaluator", ready.evaluatorVersion());
    return bytes(node);
  }

  public static byte[] encode(Request request) {
    EvaluationInput input = request.input();
    ObjectNode node = header("request");
    node.put("id", request.id());
    node.put("file", input.fileName());
    node.put("source", input.source());
    ObjectNode files = node.putObject("files");
    input.files().forEach(files::put);
    if (input.jobKey() == null) {
      node.putNull("job");
    } else {
      node.put("job", input.jobKey());
    }
    ArrayNode bindings = node.putArray("bindings");
    input.bindings().forEach(bindings::add);
    ObjectNode environment = node.putObject("environment");
    input.environment().forEach(environment::put);
    ObjectNode limits = node.putObject("limits");
    limits.put("timeMillis", request.timeLimit().toMillis());
    limits.put("outputBytes", request.maxOutputBytes());
    limits.put("recursion", request.recursionLimit());
    return bytes(node);
  }

  public static byte[] encode(Response response) {
    ObjectNode node = header("response");
    node.put("id", response.id());
    if (response.failure() == null) {
      ArrayNode jobs = node.putArray("jobs");
      response.jobs().forEach(jobs::add);
    } else {
      EvaluationFailure failure = response.failure();
      ObjectNode error = node.putObject("error");
      error.put("kind", failure.kind().name());
      error.put("file", failure.file());
      error.put("line", failure.line());
      error.put("field", failure.field());
      error.put("message", failure.message());
      node.put("retire", response.retire());
    }
    return bytes(node);
  }

  public static Ready decodeReady(byte[] frame) throws ProtocolException {
    JsonNode node = parse(frame, "ready");
    return new Ready(text(node, "evaluator", true));
  }

  public static Request decodeRequest(byte[] frame) throws ProtocolException {
    JsonNode node = parse(frame, "request");
    JsonNode limits = node.path("limits");
    EvaluationInput input;
    try {
      input = new EvaluationInput(text(node, "file", true), text(node, "source", true), stringMap(node, "files"),
          text(node, "job", false), stringList(node, "bindings"), stringMap(node, "environment"));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("bad request: " + e.getMessage());
    }
    return new Request(node.path("id").asLong(), input,
        Duration.ofMillis(positive(limits, "timeMillis")), (int) positive(limits, "outputBytes"),
        (int) positive(limits, "recursion"));
  }

  public static Response decodeResponse(byte[] frame) throws ProtocolException {
    JsonNode node = parse(frame, "response");
    long id = node.path("id").asLong();
    JsonNode error = node.get("error");
    if (error == null || error.isNull()) {
      return Response.success(id, stringList(node, "jobs"));
    }
    EvaluationFailure.Kind kind;
    try {
      kind = EvaluationFailure.Kind.valueOf(text(error, "kind", true));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("unknown error kind " + error.path("kind"));
    }
    return Response.failure(id, new EvaluationFailure(kind, text(error, "file", false), error.path("line").asInt(),
        text(error, "field", false), text(error, "message", false)), node.path("retire").asBoolean(false));
  }

  private static ObjectNode header(String type) {
    ObjectNode node = JSON.createObjectNode();
    node.put("protocol", VERSION);
    node.put("type", type);
    return node;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static JsonNode parse(byte[] frame, String expectedType) throws ProtocolException {
    JsonNode node;
    try {
      node = JSON.readTree(frame);
    } catch (IOException e) {
      throw new ProtocolException("frame is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ProtocolException("frame is not a JSON object");
    }
    int version = node.path("protocol").asInt(-1);
    if (version != VERSION) {
      throw new ProtocolException("peer speaks evaluator protocol " + node.path("protocol") + ", this side speaks "
          + VERSION);
    }
    String type = node.path("type").asText();
    if (!expectedType.equals(type)) {
      throw new ProtocolException("expected a '" + expectedType + "' message, got '" + type + "'");
    }
    return node;
  }

  private static String text(JsonNode node, String field, boolean required) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new ProtocolException("message lacks '" + field + "'");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new ProtocolException("'" + field + "' must be a string");
    }
    return value.asText();
  }

  private static long positive(JsonNode node, String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || value.asLong() <= 0) {
      throw new ProtocolException("limits." + field + " must be a positive number");
    }
    return value.asLong();
  }

  private static Map<String, String> stringMap(JsonNode node, String field) throws ProtocolException {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return out;
    }
    if (!value.isObject()) {
      throw new ProtocolException("'" + field + "' must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> entry : value.properties()) {
      if (!entry.getValue().isTextual()) {
        throw new ProtocolException("'" + field + "." + entry.getKey() + "' must be a string");
      }
      out.put(entry.getKey(), entry.getValue().asText());
    }
    return out;
  }

  private static List<String> stringList(JsonNode node, String field) throws ProtocolException {
    List<String> out = new ArrayList<>();
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return out;
    }
    if (!value.isArray()) {
      throw new ProtocolException("'" + field + "' must be an array of strings");
    }
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new ProtocolException("'" + field + "' must hold only strings");
      }
      out.add(element.asText());
    }
    return out;
  }
}
