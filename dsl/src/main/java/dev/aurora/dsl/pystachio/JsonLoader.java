package dev.aurora.dsl.pystachio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pystachio's {@code Cls.json_loads(s, strict)} (PYSTACHIO.md §4): builds a value of a type from JSON. Non-strict
 * loading silently drops unknown keys of the Struct and of nested Struct fields (not inside Lists or Maps);
 * strict loading raises {@link UnknownAttributeError} for them.
 */
public final class JsonLoader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonLoader() {}

  /** Parses {@code json} and builds a {@code type} value from it. */
  public static PValue load(PType type, String json, boolean strict) {
    try {
      return type.create(prune(type, toRaw(MAPPER.readTree(json)), strict));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw PystachioException.valueError("Invalid JSON: " + e.getOriginalMessage());
    }
  }

  private static Object prune(PType type, Object raw, boolean strict) {
    if (strict || !(type instanceof StructType struct) || !(raw instanceof Map<?, ?> map)) {
      return raw;
    }
    Map<String, Object> kept = new LinkedHashMap<>();
    map.forEach((k, v) -> {
      FieldSpec spec = struct.fields().get((String) k);
      if (spec != null) {
        kept.put((String) k, prune(spec.type(), v, false));
      }
    });
    return kept;
  }

  /** JSON to the raw Java values Python's json module would give (ints stay integral, floats Double). */
  static Object toRaw(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> out.put(e.getKey(), toRaw(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(e -> out.add(toRaw(e)));
      return out;
    }
    if (node.isIntegralNumber()) {
      return PyFormat.normalizeInt(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    return node.asText();
  }
}
