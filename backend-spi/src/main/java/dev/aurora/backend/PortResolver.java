package dev.aurora.backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aurora's port rules, in one place for the client side (which ports the scheduler allocates) and the executor side
 * (which number each {@code {{thermos.ports[name]}}} gets). An {@code announce.portmap} entry either aliases a name
 * to another name ({@code 'health': 'http'}) or gives a name a static number ({@code 'http': '80'}, dedicated jobs
 * only); aliases are followed to their end, and a cycle is an error.
 */
public final class PortResolver {
  /** A port reference as Pystachio accepts its index: {@code {{thermos.ports[NAME]}}}, NAME {@code [\w\-./]+}. */
  private static final Pattern PORT_REF = Pattern.compile("\\{\\{thermos\\.ports\\[([\\w\\-./]+)]}}");

  private PortResolver() {
  }

  /** A portmap whose aliases lead round in a circle. */
  public static final class CycleException extends IllegalArgumentException {
    CycleException(String message) {
      super(message);
    }
  }

  /** Adds the names of the {@code {{thermos.ports[NAME]}}} references in {@code text} to {@code into}. */
  public static void collectReferences(String text, Set<String> into) {
    if (text.indexOf("thermos.ports[") < 0) {
      return;
    }
    Matcher m = PORT_REF.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  /**
   * The ports the scheduler must allocate, as Aurora's client computed them: every portmap alias's final target that
   * is not a static number, and every referenced port that is neither static nor an alias (an alias is allocated
   * once, as its target). First-seen order, references first.
   */
  public static List<String> requested(Collection<String> referenced, Map<String, String> portmap) {
    Map<String, Object> resolved = resolveAliases(new LinkedHashMap<>(portmap));
    Set<String> names = new LinkedHashSet<>();
    for (String ref : referenced) {
      Object target = resolved.getOrDefault(ref, ref);
      if (target instanceof String name) {
        names.add(name);
      }
    }
    for (Object target : resolved.values()) {
      if (target instanceof String name) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /**
   * The port numbers a task sees, as Aurora's executor resolved them: the portmap, overridden by the assigned ports,
   * with every alias followed to its number. Names that lead to no number are left out (a reference to one is then an
   * unbound port).
   *
   * @throws CycleException when aliases form a cycle
   */
  public static Map<String, Integer> resolve(Map<String, String> portmap, Map<String, Integer> assigned) {
    Map<String, Object> all = new LinkedHashMap<>(portmap);
    all.putAll(assigned);
    Map<String, Integer> numbers = new LinkedHashMap<>();
    resolveAliases(all).forEach((name, target) -> {
      if (target instanceof Integer port) {
        numbers.put(name, port);
      }
    });
    return numbers;
  }

  /** Values that read as integers become static ports; every name maps to the end of its alias chain. */
  private static Map<String, Object> resolveAliases(Map<String, Object> portmap) {
    Map<String, Object> map = new LinkedHashMap<>();
    portmap.forEach((name, value) -> map.put(name, asNumber(value)));
    Map<String, Object> resolved = new LinkedHashMap<>();
    for (String name : map.keySet()) {
      List<String> chain = new ArrayList<>(List.of(name));
      Object root = map.get(name);
      while (root instanceof String next && map.containsKey(next)) {
        if (chain.contains(next)) {
          chain.add(next);
          throw new CycleException("Found cycle in portmap! (" + String.join(" -> ", chain) + ")");
        }
        chain.add(next);
        root = map.get(next);
      }
      resolved.put(name, root);
    }
    return resolved;
  }

  private static Object asNumber(Object value) {
    if (value instanceof String text) {
      try {
        return Integer.valueOf(text.trim());
      } catch (NumberFormatException e) {
        return text;
      }
    }
    return value;
  }
}
