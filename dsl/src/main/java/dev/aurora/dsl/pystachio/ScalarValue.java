package dev.aurora.dsl.pystachio;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/** A String, Integer, Float, Boolean or Enum value (Pystachio's SimpleObject). */
public final class ScalarValue extends PValue {
  private final ScalarType type;
  private final Object raw;

  ScalarValue(ScalarType type, Object raw, Namable[] scopes) {
    super(scopes);
    this.type = type;
    this.raw = raw;
  }

  @Override
  public ScalarType type() {
    return type;
  }

  /** The raw stored value: {@code Integer('3').get()} is the string {@code "3"}. */
  @Override
  public Object get() {
    return raw;
  }

  @Override
  ScalarValue withScopes(Namable[] scopes) {
    return new ScalarValue(type, raw, scopes);
  }

  /**
   * Non-strings are coerced (fresh value, no scopes). Strings are resolved against the scopes: with refs left the
   * result is the partially resolved text, uncoerced and without scopes; otherwise the coerced value keeping this
   * value's scopes, so a String produced by an escape can be interpolated again (PYSTACHIO.md §6.5).
   */
  @Override
  public Interpolation interpolate() {
    if (!(raw instanceof String s)) {
      return new Interpolation(new ScalarValue(type, type.coerce(raw), NO_SCOPES), List.of());
    }
    Mustache.Resolution r = Mustache.resolve(s, scopes);
    if (!r.unbound().isEmpty()) {
      return new Interpolation(new ScalarValue(type, r.text(), NO_SCOPES), r.unbound());
    }
    Object coerced = type.coerce(r.text());
    return new Interpolation(coerced.equals(raw) ? this : new ScalarValue(type, coerced, scopes), List.of());
  }

  @Override
  public TypeCheck check() {
    Interpolation i;
    try {
      i = interpolate();
    } catch (CoercionError | UninterpolatableError e) {
      return TypeCheck.failure("Unable to interpolate: " + e.getMessage());
    }
    return type.checkInterpolated(((ScalarValue) i.value()).raw);
  }

  @Override
  public String str() {
    return PyFormat.str(((ScalarValue) interpolate().value()).raw);
  }

  @Override
  public String repr() {
    return type.name() + "(" + str() + ")";
  }

  /** Same type object and equal interpolated values ({@code Integer(1)} equals {@code Integer('1')}). */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ScalarValue other) || other.type != type) {
      return false;
    }
    return sameValue(((ScalarValue) interpolate().value()).raw, ((ScalarValue) other.interpolate().value()).raw);
  }

  static boolean sameValue(Object a, Object b) {
    if (PyFormat.isIntegral(a) && PyFormat.isIntegral(b)) {
      return toBig(a).equals(toBig(b));
    }
    return Objects.equals(a, b);
  }

  private static BigInteger toBig(Object n) {
    return n instanceof BigInteger b ? b : BigInteger.valueOf(((Number) n).longValue());
  }

  /** Hash of the raw value, as Pystachio: equal values may hash differently. */
  @Override
  public int hashCode() {
    if (PyFormat.isIntegral(raw)) {
      return toBig(raw).hashCode();
    }
    return Objects.hashCode(raw);
  }
}
