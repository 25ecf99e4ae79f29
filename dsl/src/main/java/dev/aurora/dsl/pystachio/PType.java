package dev.aurora.dsl.pystachio;

import java.util.List;

/**
 * A Pystachio type ("class"): {@link ScalarType} (String, Integer, Float, Boolean, Enum), {@link ListType},
 * {@link MapType}, {@link StructType}, {@link ChoiceType}. Types are not memoised ({@code ListType.of(INTEGER)}
 * twice gives two distinct objects), but {@link #isInstance} compares structurally as Pystachio's instancecheck does.
 */
public abstract class PType {
  private volatile List<Object> signature;

  PType() {}

  /** The class name Pystachio gives this type: {@code IntegerList}, {@code Enum_Red_Green_Blue}, {@code MesosJob}. */
  public abstract String name();

  /** Calling the type, {@code T(raw)}; raw may be a Java scalar, List, Map or a PValue. */
  public abstract PValue create(Object raw);

  /**
   * Pystachio's {@code serialize_type()} as nested Java lists, e.g. {@code [List, [Integer]]}; Struct fields are
   * {@code [name, [required, default.get() or [], defaultIsEmpty, type]]} sorted by name.
   */
  public final List<Object> serialize() {
    List<Object> s = signature;
    if (s == null) {
      s = computeSerialize();
      signature = s;
    }
    return s;
  }

  abstract List<Object> computeSerialize();

  /** {@code isinstance(value, T)}: same type object, or the same name, factory and type parameters. */
  public boolean isInstance(Object value) {
    return value instanceof PValue v && (v.type() == this || (v.type().getClass() == getClass()
        && v.type().name().equals(name()) && v.type().serialize().equals(serialize())));
  }

  /** Values passed to a container or field: kept when already an instance, else {@code T(value)}. */
  PValue adopt(Object value) {
    return isInstance(value) ? (PValue) value : create(value);
  }

  @Override
  public String toString() {
    return name();
  }
}
