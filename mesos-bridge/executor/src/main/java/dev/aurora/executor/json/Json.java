package dev.aurora.executor.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the executor on jackson-core's streaming parser and generator alone. Jackson's ObjectMapper costs a few
 * hundred milliseconds of class loading at start, which sat right between launch and the first process; a small tree
 * of {@link Node}s that remembers line numbers is all the executor needs, and gives errors their line for free.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Malformed JSON, with the line it broke on. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    SyntaxException(String message, int line) {
      super(message);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /**
   * A parsed value: {@code Map<String, Node>} (insertion-ordered), {@code List<Node>}, {@code String},
   * {@code Number}, {@code Boolean} or null, and the 1-based line where it starts.
   */
  public record Node(Object value, int line) {
    public boolean isObject() {
      return value instanceof Map;
    }

    public boolean isArray() {
      return value instanceof List;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Node> fields() {
      return isObject() ? (Map<String, Node>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    public List<Node> elements() {
      return isArray() ? (List<Node>) value : List.of();
    }

    /** The field {@code name} of an object, or null. */
    public Node get(String name) {
      return fields().get(name);
    }

    /** Follows field names through nested objects; null as soon as one is missing. */
    public Node at(String... path) {
      Node node = this;
      for (String name : path) {
        node = node == null ? null : node.get(name);
      }
      return node;
    }

    /** The string value, or {@code fallback} when this is not a string. */
    public String text(String fallback) {
      return value instanceof String s ? s : fallback;
    }

    /** The value as plain maps, lists and scalars, ready for {@link #write}. */
    public Object plain() {
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, ((Node) v).plain()));
        return out;
      }
      if (value instanceof List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(v -> out.add(((Node) v).plain()));
        return out;
      }
      return value;
    }
  }

  public static Node parse(String text) throws SyntaxException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SyntaxException("empty document", 1);
      }
      Node node = read(parser, first);
      if (parser.nextToken() != null) {
        throw new SyntaxException("unexpected content after the document", parser.currentTokenLocation()
            .getLineNr());
      }
      return node;
    } catch (JsonParseException e) {
      throw new SyntaxException(e.getOriginalMessage(), e.getLocation() == null ? 0 : e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new SyntaxException(e.getMessage(), 0);
    }
  }

  public static Node parse(byte[] utf8) throws SyntaxException {
    return parse(new String(utf8, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Node read(JsonParser parser, JsonToken token) throws IOException {
    int line = parser.currentTokenLocation().getLineNr();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          fields.put(name, read(parser, parser.nextToken()));
        }
        return new Node(Collections.unmodifiableMap(fields), line);
      }
      case START_ARRAY -> {
        List<Node> elements = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          elements.add(read(parser, t));
        }
        return new Node(Collections.unmodifiableList(elements), line);
      }
      case VALUE_STRING -> {
        return new Node(parser.getText(), line);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(parser.getNumberValue(), line);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(token == JsonToken.VALUE_TRUE, line);
      }
      default -> {
        return new Node(null, line);
      }
    }
  }

  /** Serializes maps, lists, strings, numbers, booleans and null. */
  public static byte[] write(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + value, e);
    }
    return out.toByteArray();
  }

  /** A JSON string literal's inside for {@code value} (escaped, without the quotes). */
  public static String escape(String value) {
    String quoted = new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    return quoted.substring(1, quoted.length() - 1);
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Node node) {
      write(g, node.plain());
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object v : list) {
        write(g, v);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer || value instanceof Long) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      g.writeNumber(n.toString());
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value == null) {
      g.writeNull();
    } else {
      throw new IllegalArgumentException("not JSON: " + value.getClass());
    }
  }
}
