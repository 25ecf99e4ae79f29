package dev.aurora.dsl.pystachio;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** A {@code Map(K, V)} value: ordered key/value pairs (duplicate keys after coercion are kept, as in Pystachio). */
public final class MapValue extends PValue implements Namable {
  private final MapType type;
  private final PValue[] keys;
  private final PValue[] values;

  MapValue(MapType type, PValue[] keys, PValue[] values, Namable[] scopes) {
    super(scopes);
    this.type = type;
    this.keys = keys;
    this.values = values;
  }

  @Override
  public MapType type() {
    return type;
  }

  @Override
  MapValue withScopes(Namable[] scopes) {
    return new MapValue(type, keys, values, scopes);
  }

  public int size() {
    return keys.length;
  }

  /** The stored key at position {@code i} (without the map's scopes). */
  public PValue keyAt(int i) {
    return keys[i];
  }

  /** The stored value at position {@code i} (without the map's scopes). */
  public PValue valueAt(int i) {
    return values[i];
  }

  /** The pairs with keys and values interpolated in the map's scopes, in order. */
  public Map<PValue, PValue> entries() {
    Map<PValue, PValue> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      out.put(keys[i].inScopes(scopes).interpolate().value(), values[i].inScopes(scopes).interpolate().value());
    }
    return out;
  }

  @Override
  public Map<Object, Object> get() {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      out.put(keys[i].get(), values[i].get());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Interpolation interpolate() {
    PValue[] k = new PValue[keys.length];
    PValue[] v = new PValue[values.length];
    Set<Ref> unbound = new LinkedHashSet<>();
    for (int i = 0; i < keys.length; i++) {
      Interpolation ki = keys[i].inScopes(scopes).interpolate();
      Interpolation vi = values[i].inScopes(scopes).interpolate();
      k[i] = ki.value();
      v[i] = vi.value();
      unbound.addAll(ki.unbound());
      unbound.addAll(vi.unbound());
    }
    return new Interpolation(new MapValue(type, k, v, NO_SCOPES), List.copyOf(unbound));
  }

  /**
   * First failing key ({@code <Map> key <k> failed check: ...}) or value ({@code <Map>[<k>] value <v> failed
   * check: ...}). As in Pystachio the message quotes {@code str()} of the stored key and value outside the map's
   * scopes, so an uncoercible value makes check() throw its CoercionError instead of failing.
   */
  @Override
  public TypeCheck check() {
    for (int i = 0; i < keys.length; i++) {
      TypeCheck kc = TypeCheck.of(keys[i].inScopes(scopes).check());
      if (!kc.ok()) {
        return TypeCheck.failure(type.name() + " key " + keys[i].str() + " failed check: " + kc.message());
      }
      TypeCheck vc = TypeCheck.of(values[i].inScopes(scopes).check());
      if (!vc.ok()) {
        return TypeCheck.failure(type.name() + "[" + keys[i].str() + "] value " + values[i].str() + " failed check: "
            + vc.message());
      }
    }
    return TypeCheck.OK;
  }

  /** {@code [key]}: the index text coerced to the key type (a CoercionError escapes), compared interpolated. */
  @Override
  public Object locate(Ref ref, int from, boolean raise) {
    Ref.Component c = ref.component(from);
    if (!(c instanceof Ref.Index)) {
      if (raise) {
        throw new NamingError("Cannot dereference object " + type.name() + " by " + c);
      }
      return null;
    }
    PValue wanted = type.keyType().create(c.value());
    for (int i = 0; i < keys.length; i++) {
      if (wanted.equals(keys[i].inScopes(scopes))) {
        return Namable.descend(values[i].inScopes(scopes), ref, from + 1, raise);
      }
    }
    if (raise) {
      throw new NotFound("Could not find " + c.value() + " in object " + type.name());
    }
    return null;
  }

  @Override
  public String str() {
    MapValue i = (MapValue) interpolate().value();
    StringJoiner j = new StringJoiner(", ", type.name() + "(", ")");
    for (int n = 0; n < i.keys.length; n++) {
      j.add(i.keys[n].str() + " => " + i.values[n].str());
    }
    return j.toString();
  }

  /** Same key and value types and equal interpolated pairs in the same order. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MapValue other) || !type.serialize().equals(other.type.serialize())
        || keys.length != other.keys.length) {
      return false;
    }
    MapValue a = (MapValue) interpolate().value();
    MapValue b = (MapValue) other.interpolate().value();
    return Arrays.equals(a.keys, b.keys) && Arrays.equals(a.values, b.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }
}
