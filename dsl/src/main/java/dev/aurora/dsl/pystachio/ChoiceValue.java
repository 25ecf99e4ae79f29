package dev.aurora.dsl.pystachio;

import java.util.Objects;

/**
 * A Choice value (PYSTACHIO.md §3): the raw value is kept and matched against the alternatives in order each time.
 * interpolate() takes the first alternative whose construction and interpolation don't raise a CoercionError or
 * ValueError; check() takes the first whose check is ok. Both may pick different alternatives, as in Pystachio.
 */
public final class ChoiceValue extends PValue {
  private final ChoiceType type;
  private final Object raw;

  ChoiceValue(ChoiceType type, Object raw, Namable[] scopes) {
    super(scopes);
    this.type = type;
    this.raw = raw;
  }

  @Override
  public ChoiceType type() {
    return type;
  }

  /** The value as stored (a Java value or a PValue). */
  public Object rawValue() {
    return raw;
  }

  @Override
  ChoiceValue withScopes(Namable[] scopes) {
    return new ChoiceValue(type, raw, scopes);
  }

  /** {@code interpolate()[0]}: the chosen alternative's interpolated value. */
  public PValue unwrap() {
    return interpolate().value();
  }

  /** Interpolates, unlike every other type's get(). */
  @Override
  public Object get() {
    return unwrap().get();
  }

  @Override
  public Interpolation interpolate() {
    for (PType alt : type.alternatives()) {
      if (alt.isInstance(raw)) {
        return ((PValue) raw).inScopes(scopes).interpolate();
      }
      try {
        return alt.create(raw).inScopes(scopes).interpolate();
      } catch (CoercionError e) {
        // next alternative
      } catch (PystachioException e) {
        if (!"ValueError".equals(e.pythonType())) {
          throw e;
        }
      }
    }
    throw new CoercionError(raw, type.name());
  }

  /**
   * The first alternative that checks ok. When the value already is an instance of an alternative that fails,
   * Pystachio 0.8.5 returns {@code None}, and so do we: {@code null}. Enclosing containers then fail as Pystachio's
   * did, with {@code AttributeError: 'NoneType' object has no attribute 'ok'} (see {@link TypeCheck#of}).
   */
  @Override
  public TypeCheck check() {
    for (PType alt : type.alternatives()) {
      if (alt.isInstance(raw)) {
        TypeCheck c = TypeCheck.of(((PValue) raw).inScopes(scopes).check());
        return c.ok() ? c : null;
      }
      try {
        TypeCheck c = TypeCheck.of(alt.create(raw).inScopes(scopes).check());
        if (c.ok()) {
          return c;
        }
      } catch (CoercionError e) {
        // next alternative
      } catch (PystachioException e) {
        if (!"ValueError".equals(e.pythonType())) {
          throw e;
        }
      }
    }
    return TypeCheck.failure(type.name() + " typecheck failed: value " + PyFormat.str(raw)
        + " did not match any of its alternatives");
  }

  @Override
  public String str() {
    return unwrap().str();
  }

  /** {@code Name(repr(raw))}, e.g. {@code Choice_String_IntegerList([1, 2, 3])}. */
  @Override
  public String repr() {
    return type.name() + "(" + PyFormat.repr(raw) + ")";
  }

  /** Pystachio 0.8.5: same alternatives, and the unwrapped alternative's raw value equals the other's raw value. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ChoiceValue other) || !type.serialize().equals(other.type.serialize())) {
      return false;
    }
    Object mine = unwrap().get();
    Object theirs = other.raw instanceof PValue p ? p.get() : other.raw;
    return ScalarValue.sameValue(mine, theirs) || Objects.equals(unwrap(), other.raw);
  }

  /** Hash of the stored value; unlike Pystachio we never interpolate here, so hashing cannot raise. */
  @Override
  public int hashCode() {
    return Objects.hashCode(raw);
  }
}
