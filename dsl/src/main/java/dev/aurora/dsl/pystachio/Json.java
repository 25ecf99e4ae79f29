package dev.aurora.dsl.pystachio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Converts the raw values of {@link PValue#get()} to Jackson trees, as Python's {@code json.dumps} would. */
final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  static JsonNode of(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (v instanceof Double || v instanceof Float) {
      return NODES.numberNode(((Number) v).doubleValue());
    }
    if (v instanceof Number n) {
      // int-sized values as IntNode, like Jackson's parser, so trees compare equal to parsed JSON
      long l = n.longValue();
      return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(e -> a.add(of(e)));
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, e) -> o.set(PyFormat.str(k), of(e)));
      return o;
    }
    if (v instanceof PValue p) {
      return p.toJson();
    }
    return NODES.textNode(PyFormat.str(v));
  }
}
