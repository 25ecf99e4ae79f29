package dev.aurora.executor.task;

import dev.aurora.executor.json.Json.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, path-aware reads from one JSON object of a task document. Absent and null fields read as null (so the
 * records apply Aurora's defaults); a value of the wrong type is an error naming source, line and field path.
 */
final class Fields {
  private final Node node;
  private final String path;
  private final String source;

  Fields(Node node, String path, String source) {
    this.node = node;
    this.path = path;
    this.source = source;
  }

  Node node() {
    return node;
  }

  String string(String name) throws InvalidTaskException {
    Node v = value(name);
    if (v == null) {
      return null;
    }
    if (!(v.value() instanceof String s)) {
      throw mismatch(name, v, "a string");
    }
    return s;
  }

  Integer integer(String name) throws InvalidTaskException {
    Long v = longValue(name);
    if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
      throw error(name, value(name), "number " + v + " is out of range");
    }
    return v == null ? null : v.intValue();
  }

  Long longValue(String name) throws InvalidTaskException {
    Node v = value(name);
    if (v == null) {
      return null;
    }
    if (!(v.value() instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw mismatch(name, v, "an integer");
    }
    return n.longValue();
  }

  Double number(String name) throws InvalidTaskException {
    Node v = value(name);
    if (v == null) {
      return null;
    }
    if (!(v.value() instanceof Number n)) {
      throw mismatch(name, v, "a number");
    }
    return n.doubleValue();
  }

  Boolean bool(String name) throws InvalidTaskException {
    Node v = value(name);
    if (v == null) {
      return null;
    }
    if (!(v.value() instanceof Boolean b)) {
      throw mismatch(name, v, "a boolean");
    }
    return b;
  }

  Fields object(String name) throws InvalidTaskException {
    Node v = value(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw mismatch(name, v, "an object");
    }
    return new Fields(v, field(name), source);
  }

  /** Each element of an array of objects; an absent array reads as empty. */
  List<Fields> objects(String name) throws InvalidTaskException {
    Node v = value(name);
    List<Fields> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw mismatch(name, v, "a list");
    }
    List<Node> elements = v.elements();
    for (int i = 0; i < elements.size(); i++) {
      String at = field(name) + "[" + i + "]";
      if (!elements.get(i).isObject()) {
        throw new InvalidTaskException(source + ": line " + elements.get(i).line() + ": " + at
            + ": expected an object");
      }
      out.add(new Fields(elements.get(i), at, source));
    }
    return out;
  }

  List<String> strings(String name) throws InvalidTaskException {
    Node v = value(name);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      throw mismatch(name, v, "a list");
    }
    for (Node e : v.elements()) {
      if (!(e.value() instanceof String s)) {
        throw new InvalidTaskException(source + ": line " + e.line() + ": " + field(name)
            + ": expected a list of strings");
      }
      out.add(s);
    }
    return out;
  }

  Map<String, Integer> integers(String name) throws InvalidTaskException {
    Fields map = object(name);
    Map<String, Integer> out = new LinkedHashMap<>();
    if (map != null) {
      for (String key : map.node.fields().keySet()) {
        out.put(key, map.integer(key));
      }
    }
    return out;
  }

  /** An error about {@code name} (present or not) at the line of its value, else of this object. */
  InvalidTaskException error(String name, Node at, String message) {
    int line = at != null ? at.line() : node.line();
    return new InvalidTaskException(source + ": line " + line + ": " + field(name) + ": " + message);
  }

  String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  Node value(String name) {
    Node v = node.get(name);
    return v == null || v.value() == null ? null : v;
  }

  private InvalidTaskException mismatch(String name, Node v, String expected) {
    Object raw = v.value();
    String shown = raw instanceof Map ? "an object" : raw instanceof List ? "a list" : String.valueOf(raw);
    return error(name, v, "cannot read " + shown + " as " + expected);
  }
}
