package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Struct class ({@code class Resources(Struct): ...}) built at runtime from a name and its field table.
 * Fields are visited (check, repr, get) in Jython's dict order, see {@link JythonDictOrder}.
 */
public final class StructType extends PType {
  private final String name;
  private final Map<String, FieldSpec> declared;
  private final String[] names;
  private final FieldSpec[] specs;
  private final Map<String, Integer> index;

  private StructType(String name, Map<String, FieldSpec> fields) {
    this.name = name;
    this.declared = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    List<String> order = JythonDictOrder.of(fields.keySet());
    this.names = order.toArray(new String[0]);
    this.specs = new FieldSpec[names.length];
    this.index = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      specs[i] = fields.get(names[i]);
      index.put(names[i], i);
    }
  }

  /** Defines a Struct type; {@code fields} in declaration order (a LinkedHashMap). */
  public static StructType define(String name, Map<String, FieldSpec> fields) {
    return new StructType(name, fields);
  }

  @Override
  public String name() {
    return name;
  }

  /** The field table in declaration order. */
  public Map<String, FieldSpec> fields() {
    return declared;
  }

  /** Field names in the order Pystachio (under Jython) visits them. */
  public List<String> fieldOrder() {
    return List.of(names);
  }

  public boolean hasField(String field) {
    return index.containsKey(field);
  }

  int indexOf(String field) {
    Integer i = index.get(field);
    return i == null ? -1 : i;
  }

  String fieldName(int i) {
    return names[i];
  }

  FieldSpec spec(int i) {
    return specs[i];
  }

  /** {@code T(mapping)}: a single Java {@code Map} of field values ({@link Empty} unsets a field). */
  @Override
  public StructValue create(Object raw) {
    return construct(List.of(raw), Map.of());
  }

  /**
   * {@code T(*mappings, **kw)}: defaults, then each positional mapping in order, then {@code kw}; later wins.
   *
   * @throws UnknownAttributeError for a field the schema lacks
   * @throws PystachioException ValueError when a positional argument is not a Map
   */
  public StructValue construct(List<?> mappings, Map<String, ?> kw) {
    PValue[] values = new PValue[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = specs[i].defaultValue();
    }
    for (Object m : mappings) {
      if (!(m instanceof Map<?, ?> map)) {
        throw PystachioException.valueError("Expected dictionary argument, got " + PyFormat.str(m));
      }
      map.forEach((k, v) -> assign(values, String.valueOf(k), v));
    }
    kw.forEach((k, v) -> assign(values, k, v));
    return new StructValue(this, values, PValue.NO_SCOPES);
  }

  void assign(PValue[] values, String field, Object value) {
    int i = indexOf(field);
    if (i < 0) {
      throw new UnknownAttributeError(field);
    }
    values[i] = value == Empty.INSTANCE ? null : specs[i].type().adopt(value);
  }

  @Override
  List<Object> computeSerialize() {
    List<String> sorted = new ArrayList<>(declared.keySet());
    Collections.sort(sorted);
    List<Object> fields = new ArrayList<>();
    for (String f : sorted) {
      fields.add(List.of(f, declared.get(f).serialize()));
    }
    return List.of("Struct", name, fields);
  }

  /** The field table signature (names, requiredness, defaults, types) without the class name. */
  List<Object> fieldSignature() {
    return (List<Object>) serialize().get(2);
  }
}
