package dev.aurora.dsl.pystachio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test shorthands that read like the Python transcripts in PYSTACHIO.md. */
final class P {
  static final ScalarType STRING = ScalarType.STRING;
  static final ScalarType INTEGER = ScalarType.INTEGER;
  static final ScalarType FLOAT = ScalarType.FLOAT;
  static final ScalarType BOOLEAN = ScalarType.BOOLEAN;

  private P() {}

  /** {@code Map.of} that keeps insertion order and allows any values. */
  static Map<String, Object> kw(Object... pairs) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  /** A struct class: {@code struct("Res", "cpu", FieldSpec.required(FLOAT), ...)}. */
  static StructType struct(String name, Object... fieldPairs) {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    for (int i = 0; i < fieldPairs.length; i += 2) {
      Object spec = fieldPairs[i + 1];
      fields.put((String) fieldPairs[i], spec instanceof PType t ? FieldSpec.optional(t) : (FieldSpec) spec);
    }
    return StructType.define(name, fields);
  }

  static StructValue make(StructType type, Object... pairs) {
    return type.construct(List.of(), kw(pairs));
  }

  static String refs(Interpolation i) {
    return i.unbound().stream().map(Ref::repr).toList().toString();
  }
}
