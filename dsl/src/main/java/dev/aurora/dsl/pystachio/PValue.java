package dev.aurora.dsl.pystachio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An immutable Pystachio value (PYSTACHIO.md §1): a raw payload plus the scopes it was bound into, highest
 * priority first. Every operation returns a copy. Scalars coerce lazily: {@link #get()} is the raw value, only
 * {@link #interpolate()} (and {@link #str()}, {@link #check()}, {@link #toJson()}, {@code equals}) coerce.
 *
 * <p>{@code hashCode} follows Pystachio: it hashes the raw value, so equal values may hash differently
 * ({@code Integer(1)} and {@code Integer('1')}), exactly as Aurora's {@code set()}-based helpers observe.
 */
public abstract sealed class PValue permits ScalarValue, ListValue, MapValue, StructValue, ChoiceValue {
  static final Namable[] NO_SCOPES = new Namable[0];

  final Namable[] scopes;

  PValue(Namable[] scopes) {
    this.scopes = scopes;
  }

  /** The Pystachio type ("class") of this value. */
  public abstract PType type();

  /**
   * The raw value: String/Long/BigInteger/Double/Boolean (or whatever was stored) for scalars, an unmodifiable
   * {@code List} for List, {@code Map} for Map and Struct (Empty fields omitted). Not coerced, not interpolated,
   * except for {@link ChoiceValue}, whose get() interpolates as in Pystachio.
   */
  public abstract Object get();

  /** This value with a different scope list. */
  abstract PValue withScopes(Namable[] scopes);

  /** The scopes mustaches in this value are resolved against, highest priority first. */
  Namable[] resolutionScopes() {
    return scopes;
  }

  /**
   * Pystachio's {@code bind(*args)}: each argument is a {@code Map} (becomes an {@link Environment}) or a
   * {@link Namable} used as is; pass Python keyword arguments as one trailing Map. Bound later = higher priority.
   */
  public PValue bind(Object... args) {
    Namable[] added = toScopes(args);
    Namable[] out = new Namable[added.length + scopes.length];
    for (int i = 0; i < added.length; i++) {
      out[i] = added[added.length - 1 - i];
    }
    System.arraycopy(scopes, 0, out, added.length, scopes.length);
    return withScopes(out);
  }

  /** Pystachio's {@code in_scope(*args)}: like {@link #bind} but appended with the lowest priority. */
  public PValue inScope(Object... args) {
    return inScopes(toScopes(args));
  }

  /** Appends already-built scopes (the hot path of interpolating children). */
  PValue inScopes(Namable[] more) {
    if (more.length == 0) {
      return this;
    }
    if (scopes.length == 0) {
      return withScopes(more);
    }
    Namable[] out = Arrays.copyOf(scopes, scopes.length + more.length);
    System.arraycopy(more, 0, out, scopes.length, more.length);
    return withScopes(out);
  }

  private static Namable[] toScopes(Object[] args) {
    List<Namable> out = new ArrayList<>(args.length);
    for (Object arg : args) {
      if (arg instanceof Namable n) {
        out.add(n);
      } else if (arg instanceof Map<?, ?> m) {
        out.add(Environment.of(m));
      } else {
        throw PystachioException.typeError("Cannot bind " + PyFormat.repr(arg) + ": expected a dict or a Namable");
      }
    }
    return out.toArray(new Namable[0]);
  }

  /** Pystachio's {@code scopes()}: for a Struct this includes its {@code self}, fields and {@code super.} casts. */
  public List<Namable> scopes() {
    return List.of(resolutionScopes());
  }

  /** Resolves every mustache as far as possible; never throws for unbound refs (see {@link Interpolation}). */
  public abstract Interpolation interpolate();

  /** Type-checks the interpolated value; messages are Pystachio's path-style texts. */
  public abstract TypeCheck check();

  /** Python {@code str()}: interpolates; Structs, Lists and Maps print their repr. */
  public abstract String str();

  /** Python {@code repr()}: interpolates, e.g. {@code Integer(3)}, {@code Res(cpu=1.0,\n    disk=1024)}. */
  public String repr() {
    return str();
  }

  /** Pystachio's {@code %}: bind with highest priority, then interpolate; returns only the value. */
  public PValue mod(Object env) {
    return bind(env).interpolate().value();
  }

  /** Pystachio's {@code json_dumps()} as data: the interpolated {@code get()}; unbound refs stay {@code {{...}}}. */
  public JsonNode toJson() {
    return Json.of(interpolate().value().get());
  }

  @Override
  public String toString() {
    return repr();
  }
}
