package dev.aurora.backend;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one document a backend hands to the executor (Mesos {@code TaskInfo.data}, the local backend's
 * {@code task.json}): {@code {"taskId", "instanceId", "hostname", "ports": {name: port}, "job": <document>}}. Our
 * counterpart of Aurora's Thrift {@code AssignedTask}: {@code ports} are the ports the backend assigned (Aurora's
 * {@code assignedPorts}), {@code job} the {@link LaunchRequest#document()} as JSON text, placement references still
 * unbound; the executor resolves the port aliases and binds.
 */
public record AssignedTask(String taskId, int instanceId, String hostname, Map<String, Integer> ports, String job) {
  private static final JsonFactory JSON = new JsonFactory();

  public AssignedTask {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(job, "job");
    ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports == null ? Map.of() : ports));
  }

  /** The document as compact JSON; {@code job} is copied verbatim, so its text (and its own line breaks) survive. */
  public String toJson() {
    StringWriter out = new StringWriter(job.length() + 256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("taskId", taskId);
      g.writeNumberField("instanceId", instanceId);
      g.writeStringField("hostname", hostname);
      g.writeObjectFieldStart("ports");
      for (Map.Entry<String, Integer> e : ports.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeFieldName("job");
      g.writeRawValue(job);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Reads a document written by {@link #toJson()} (or by hand). Unknown fields are skipped; {@code job} is the exact
   * text of the job object. Errors name the line and the field (a missing field: the line the document starts on).
   */
  public static AssignedTask parse(String json) {
    String taskId = null;
    Integer instanceId = null;
    String hostname = null;
    Map<String, Integer> ports = new LinkedHashMap<>();
    String job = null;
    int line = 1;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(p, "", "expected an assigned task {\"taskId\", \"instanceId\", \"hostname\", \"ports\", \"job\"}");
      }
      line = p.currentTokenLocation().getLineNr();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "taskId" -> taskId = text(p, field);
          case "hostname" -> hostname = text(p, field);
          case "instanceId" -> {
            if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
              throw invalid(p, field, "must be a non-negative integer, got " + p.getText());
            }
            instanceId = p.getIntValue();
          }
          case "ports" -> readPorts(p, ports);
          case "job" -> {
            if (value != JsonToken.START_OBJECT) {
              throw invalid(p, field, "must be an object (the job document), got " + p.getText());
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getCharOffset();
            job = json.substring(start, end);
          }
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("line " + e.getLocation().getLineNr() + ": malformed JSON: "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (taskId == null || taskId.isBlank()) {
      throw new IllegalArgumentException("line " + line + ": taskId: required string is missing");
    }
    if (instanceId == null) {
      throw new IllegalArgumentException("line " + line + ": instanceId: required integer is missing");
    }
    if (hostname == null) {
      throw new IllegalArgumentException("line " + line + ": hostname: required string is missing");
    }
    if (job == null) {
      throw new IllegalArgumentException("line " + line + ": job: required object is missing (expected an assigned task"
          + " {\"taskId\", \"instanceId\", \"hostname\", \"ports\", \"job\"})");
    }
    return new AssignedTask(taskId, instanceId, hostname, ports, job);
  }

  private static void readPorts(JsonParser p, Map<String, Integer> ports) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, "ports", "must be an object {name: port}, got " + p.getText());
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0 || p.getLongValue() > 65535) {
        throw invalid(p, "ports[" + name + "]", "must be a port number (0-65535), got " + p.getText());
      }
      ports.put(name, p.getIntValue());
    }
  }

  private static String text(JsonParser p, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid(p, field, "must be a string, got " + p.getText());
    }
    return p.getText();
  }

  private static IllegalArgumentException invalid(JsonParser p, String field, String problem) {
    return new IllegalArgumentException("line " + p.currentTokenLocation().getLineNr() + ": "
        + (field.isEmpty() ? "" : field + ": ") + problem);
  }
}
