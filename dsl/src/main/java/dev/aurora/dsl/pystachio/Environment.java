package dev.aurora.dsl.pystachio;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A flat binding table {@code Ref -> String | PValue} (PYSTACHIO.md §6.1). Built from Java maps whose keys are ref
 * addresses (or {@link Ref}s): nested maps are flattened into dotted refs, nested Environments are merged under the
 * key, numbers and booleans become their Python {@code str()}, PValues are kept as objects. Later sources win.
 */
public final class Environment implements Namable {
  private final Map<Ref, Object> table;
  /** Keys whose values can be descended into, longest first: Pystachio tries them in descending Ref order. */
  private final Ref[] namableKeys;

  private Environment(Map<Ref, Object> table) {
    this.table = Collections.unmodifiableMap(table);
    List<Ref> keys = new ArrayList<>();
    table.forEach((k, v) -> {
      if (v instanceof Namable) {
        keys.add(k);
      }
    });
    keys.sort(Comparator.reverseOrder());
    this.namableKeys = keys.toArray(new Ref[0]);
  }

  /** {@code Environment(*sources)}: each source is a {@code Map} or an {@code Environment}; later ones win. */
  public static Environment of(Object... sources) {
    Map<Ref, Object> table = new LinkedHashMap<>();
    for (Object source : sources) {
      if (source instanceof Environment env) {
        table.putAll(env.table);
      } else if (source instanceof Map<?, ?> map) {
        addAll(table, null, map);
      } else {
        throw PystachioException.valueError("Expected dictionary or Environment, got " + PyFormat.repr(source));
      }
    }
    return new Environment(table);
  }

  /** A one-entry environment {@code {ref: value}}. */
  public static Environment single(Ref ref, Object value) {
    Map<Ref, Object> table = new LinkedHashMap<>();
    put(table, ref, value);
    return new Environment(table);
  }

  private static void addAll(Map<Ref, Object> table, Ref prefix, Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Ref key = e.getKey() instanceof Ref r ? r : Ref.parse(String.valueOf(e.getKey()));
      put(table, prefix == null ? key : prefix.then(key), e.getValue());
    }
  }

  private static void put(Map<Ref, Object> table, Ref key, Object value) {
    if (value instanceof Map<?, ?> nested) {
      addAll(table, key, nested);
    } else if (value instanceof Environment env) {
      env.table.forEach((k, v) -> table.put(key.then(k), v));
    } else if (value instanceof String || value instanceof PValue) {
      table.put(key, value);
    } else if (value instanceof Number || value instanceof Boolean) {
      table.put(key, PyFormat.str(value));
    } else {
      throw PystachioException.valueError("Environment values must be strings, numbers, Objects or other "
          + "Environments. Got <type '" + pythonTypeName(value) + "'> instead.");
    }
  }

  private static String pythonTypeName(Object value) {
    if (value == null) {
      return "NoneType";
    }
    if (value instanceof Collection<?>) {
      return "list";
    }
    if (value instanceof BigInteger) {
      return "long";
    }
    return value.getClass().getSimpleName();
  }

  /** The flattened table, in insertion order. */
  public Map<Ref, Object> table() {
    return table;
  }

  @Override
  public Object locate(Ref ref, int from, boolean raise) {
    Object exact = table.get(from == 0 ? ref : ref.drop(from));
    if (exact != null) {
      return exact;
    }
    int remaining = ref.size() - from;
    for (Ref key : namableKeys) {
      if (key.size() < remaining && ref.startsWith(key, from)) {
        Object found = ((Namable) table.get(key)).locate(ref, from + key.size(), false);
        if (found != null) {
          return found;
        }
      }
    }
    if (raise) {
      throw new NotFound("Could not find " + ref.component(from).value() + " in object Environment");
    }
    return null;
  }

  /** Pystachio's repr: {@code Environment({Ref(a): '1'})}. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "Environment({", "})");
    table.forEach((k, v) -> j.add(k.repr() + ": " + PyFormat.repr(v)));
    return j.toString();
  }
}
