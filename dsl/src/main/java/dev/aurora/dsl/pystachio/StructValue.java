package dev.aurora.dsl.pystachio;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Struct value (PYSTACHIO.md §4). Its mustaches resolve against {@link #scopes()}: {@code self.*}, its own fields,
 * its bound scopes, then {@code super.}-prefixed copies of those bound scopes (§6.2, §6.3).
 */
public final class StructValue extends PValue implements Namable {
  private final StructType type;
  /** Field values by {@link StructType} index; {@code null} is Empty. */
  private final PValue[] values;
  private volatile Namable[] fullScopes;

  StructValue(StructType type, PValue[] values, Namable[] scopes) {
    super(scopes);
    this.type = type;
    this.values = values;
  }

  @Override
  public StructType type() {
    return type;
  }

  @Override
  StructValue withScopes(Namable[] scopes) {
    return new StructValue(type, values, scopes);
  }

  /**
   * {@code (Environment({'self': SELF}), SELF) + bound scopes + (Environment({'super': s}) for s in bound)}, where
   * SELF maps field names to the raw field values. Built once per value.
   */
  @Override
  Namable[] resolutionScopes() {
    Namable[] s = fullScopes;
    if (s == null) {
      Namable fields = new FieldsScope();
      s = new Namable[2 + 2 * scopes.length];
      s[0] = new PrefixedScope("self", fields, false);
      s[1] = fields;
      System.arraycopy(scopes, 0, s, 2, scopes.length);
      for (int i = 0; i < scopes.length; i++) {
        s[2 + scopes.length + i] = new PrefixedScope("super", scopes[i], scopes[i] instanceof PValue);
      }
      fullScopes = s;
    }
    return s;
  }

  /** The stored (raw, unscoped) value of a field, {@code null} when Empty. */
  public PValue rawField(String name) {
    int i = type.indexOf(name);
    if (i < 0) {
      throw PystachioException.attributeError(type.name() + " has no attribute " + name);
    }
    return values[i];
  }

  /** The stored field values in field order, Empty fields omitted (for the Python side's own walks). */
  public Map<String, PValue> rawFields() {
    Map<String, PValue> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(type.fieldName(i), values[i]);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Pystachio's accessor {@code obj.field()}: the field interpolated in this struct's scopes as far as possible
   * (never throws for unbound refs), or {@code null} when the field is Empty.
   *
   * @throws PystachioException AttributeError {@code Res has no attribute x} for an unknown name
   */
  public PValue field(String name) {
    PValue v = rawField(name);
    return v == null ? null : v.inScopes(resolutionScopes()).interpolate().value();
  }

  /** Pystachio's {@code has_field()}: true for a set or defaulted field, false when Empty. */
  public boolean has(String name) {
    return rawField(name) != null;
  }

  /** {@code obj(**overrides)}: a copy keeping this value's scopes; {@link Empty} unsets a field. */
  public StructValue copyWith(Map<String, ?> overrides) {
    PValue[] copy = values.clone();
    overrides.forEach((k, v) -> type.assign(copy, k, v));
    return new StructValue(type, copy, scopes);
  }

  @Override
  public Map<String, Object> get() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.put(type.fieldName(i), values[i].get());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Interpolation interpolate() {
    Namable[] s = resolutionScopes();
    PValue[] out = new PValue[values.length];
    Set<Ref> unbound = null;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        Interpolation r = values[i].inScopes(s).interpolate();
        out[i] = r.value();
        if (!r.unbound().isEmpty()) {
          if (unbound == null) {
            unbound = new LinkedHashSet<>();
          }
          unbound.addAll(r.unbound());
        }
      }
    }
    return new Interpolation(new StructValue(type, out, NO_SCOPES), unbound == null ? List.of() : List.copyOf(unbound));
  }

  /** First failing field in field order: {@code Res[cpu] is required.} or {@code Res[cpu] failed: <child>}. */
  @Override
  public TypeCheck check() {
    Namable[] s = resolutionScopes();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        if (type.spec(i).required()) {
          return TypeCheck.failure(type.name() + "[" + type.fieldName(i) + "] is required.");
        }
        continue;
      }
      TypeCheck c = TypeCheck.of(values[i].inScopes(s).check());
      if (!c.ok()) {
        return TypeCheck.failure(type.name() + "[" + type.fieldName(i) + "] failed: " + c.message());
      }
    }
    return TypeCheck.OK;
  }

  /** Dereferences a field; the found child carries this struct's whole scope chain. */
  @Override
  public Object locate(Ref ref, int from, boolean raise) {
    Ref.Component c = ref.component(from);
    if (!(c instanceof Ref.Dereference)) {
      if (raise) {
        throw new NamingError("Cannot dereference object " + type.name() + " by " + c);
      }
      return null;
    }
    int i = type.indexOf(c.value());
    if (i < 0 || values[i] == null) {
      if (raise) {
        throw new NotFound("Could not find " + c.value() + " in object " + type.name());
      }
      return null;
    }
    return Namable.descend(values[i].inScopes(resolutionScopes()), ref, from + 1, raise);
  }

  /** {@code Name(f1=v1,\n<indent>f2=v2)} of the interpolated value, Empty fields omitted. */
  @Override
  public String str() {
    StructValue v = (StructValue) interpolate().value();
    StringBuilder sb = new StringBuilder(type.name()).append('(');
    String sep = ",\n" + " ".repeat(type.name().length() + 1);
    boolean first = true;
    for (int i = 0; i < v.values.length; i++) {
      if (v.values[i] != null) {
        sb.append(first ? "" : sep).append(type.fieldName(i)).append('=').append(v.values[i].str());
        first = false;
      }
    }
    return sb.append(')').toString();
  }

  /** Equal field tables (class name ignored) and equal interpolated field values. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof StructValue other)) {
      return false;
    }
    if (other.type != type && !type.fieldSignature().equals(other.type.fieldSignature())) {
      return false;
    }
    StructValue a = (StructValue) interpolate().value();
    StructValue b = (StructValue) other.interpolate().value();
    for (int i = 0; i < a.values.length; i++) {
      PValue bv = b.values[b.type.indexOf(type.fieldName(i))];
      if (!Objects.equals(a.values[i], bv)) {
        return false;
      }
    }
    return true;
  }

  /** Hash of the raw field values, as Pystachio hashes {@code get()}. */
  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  /** Pystachio's SELF environment: field name to raw field value (no scopes attached). */
  private final class FieldsScope implements Namable {
    @Override
    public Object locate(Ref ref, int from, boolean raise) {
      Ref.Component c = ref.component(from);
      int i = c instanceof Ref.Dereference ? type.indexOf(c.value()) : -1;
      if (i >= 0 && values[i] != null) {
        Object found = Namable.descend(values[i], ref, from + 1, false);
        if (found != null) {
          return found;
        }
      }
      if (raise) {
        throw new NotFound("Could not find " + ref.component(from).value() + " in object Environment");
      }
      return null;
    }
  }

  /**
   * {@code Environment({prefix: target})}: refs under {@code prefix.} are looked up in {@code target}; the bare
   * prefix finds the target itself only when it is an object (an Environment is merged, so it has no own key).
   */
  record PrefixedScope(String prefix, Namable target, boolean bareFindsTarget) implements Namable {
    @Override
    public Object locate(Ref ref, int from, boolean raise) {
      Ref.Component c = ref.component(from);
      Object found = null;
      if (c instanceof Ref.Dereference && c.value().equals(prefix)) {
        if (from + 1 == ref.size()) {
          found = bareFindsTarget ? target : null;
        } else {
          found = target.locate(ref, from + 1, false);
        }
      }
      if (found == null && raise) {
        throw new NotFound("Could not find " + ref.component(from).value() + " in object Environment");
      }
      return found;
    }
  }
}
