package dev.aurora.dsl.schema;

import dev.aurora.dsl.pystachio.FieldSpec;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.StructType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small builder that reads like a Pystachio class body: {@code req("cpu", FLOAT).def("disk", INTEGER, 1024)}. */
final class Fields {
  private final Map<String, FieldSpec> fields = new LinkedHashMap<>();

  static Fields struct() {
    return new Fields();
  }

  /** {@code name = Required(T)}. */
  Fields req(String name, PType type) {
    fields.put(name, FieldSpec.required(type));
    return this;
  }

  /** {@code name = T} (Empty unless set). */
  Fields opt(String name, PType type) {
    fields.put(name, FieldSpec.optional(type));
    return this;
  }

  /** {@code name = Default(T, value)}. */
  Fields def(String name, PType type, Object value) {
    fields.put(name, FieldSpec.withDefault(type, value));
    return this;
  }

  StructType named(String name) {
    return StructType.define(name, fields);
  }
}
