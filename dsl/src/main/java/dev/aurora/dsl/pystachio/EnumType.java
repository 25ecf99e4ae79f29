package dev.aurora.dsl.pystachio;

import java.util.List;

/**
 * {@code Enum('Red','Green','Blue')} (named {@code Enum_Red_Green_Blue}) or {@code Enum('Mode', ('RO','RW'))}.
 * Unlike other scalars, construction validates eagerly unless the value holds a mustache reference.
 */
public final class EnumType extends ScalarType {
  private final String name;
  private final List<String> values;

  private EnumType(String name, List<String> values) {
    this.name = name;
    this.values = List.copyOf(values);
  }

  /** {@code Enum(*values)}: the name is {@code Enum_} followed by the values joined with {@code _}. */
  public static EnumType of(List<String> values) {
    return new EnumType("Enum_" + String.join("_", values), values);
  }

  /** {@code Enum(name, values)}. */
  public static EnumType named(String name, List<String> values) {
    return new EnumType(name, values);
  }

  @Override
  public String name() {
    return name;
  }

  public List<String> values() {
    return values;
  }

  @Override
  public ScalarValue create(Object raw) {
    // only real refs defer the check; an escape such as {{&a}} is plain text to the Enum
    boolean templated = raw instanceof String s && !Mustache.refs(s).isEmpty();
    if (!templated && !values.contains(raw)) {
      throw PystachioException.valueError(name + " only accepts the following values: " + String.join(", ", values));
    }
    return super.create(raw);
  }

  @Override
  public Object coerce(Object raw) {
    if (!(raw instanceof String s) || !values.contains(s)) {
      throw new CoercionError(raw, name, PyFormat.str(raw) + " is not one of " + String.join(", ", values));
    }
    return s;
  }

  @Override
  TypeCheck checkInterpolated(Object value) {
    return values.contains(value) ? TypeCheck.OK
        : TypeCheck.failure(PyFormat.interpolatedRepr(value) + " not in the enumeration (" + String.join(", ", values) + ")");
  }

  @Override
  List<Object> computeSerialize() {
    return List.of("Enum", name, values);
  }
}
