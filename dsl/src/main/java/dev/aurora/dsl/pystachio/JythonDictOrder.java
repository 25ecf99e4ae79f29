package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iteration order of a Jython 2.7 {@code dict} with string keys. Jython backs dicts with a
 * {@code ConcurrentHashMap(16, 0.75, 2)} keyed by the Java string hash, and Pystachio's check() and repr() walk a
 * Struct's fields in that dict order; so the first failure reported for several bad fields
 * ({@code MesosJob[cluster] is required.} for an empty Job) depends on it. The conformance corpus was recorded
 * under Jython, hence we reproduce that order rather than declaration order.
 */
final class JythonDictOrder {
  private JythonDictOrder() {}

  static List<String> of(Collection<String> keys) {
    ConcurrentHashMap<String, Boolean> dict = new ConcurrentHashMap<>(16, 0.75f, 2);
    for (String k : keys) {
      dict.put(k, Boolean.TRUE);
    }
    return new ArrayList<>(dict.keySet());
  }
}
