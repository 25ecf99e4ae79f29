package dev.aurora.dsl.python;

import dev.aurora.dsl.pystachio.ListValue;
import dev.aurora.dsl.pystachio.MapValue;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.StructValue;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.python.core.Py;
import org.python.core.PyFrame;

/**
 * Where each Pystachio value of the last evaluation was created: the config file and line of the Python call
 * that built it ({@code Process(...)}, {@code job(cluster=...)}, or the user's line that called a helper). A
 * refusal found after the file ran (a type check, a validation rule) is then reported at the line that built the
 * offending struct. Values are keyed by identity; the table lives until the next evaluation starts.
 */
public final class SourceSites {
  /** A place in a config file. */
  public record Site(String file, int line) {}

  /** One step of a field path: {@code .name} (group 1) or {@code [index]} (group 2). */
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)|\\[([^\\]]*)\\]");
  private static Map<PValue, Site> sites = new IdentityHashMap<>();
  private static Set<String> configFiles = Set.of();

  private SourceSites() {}

  /** Starts a new table; {@code files} is the (growing) set of config files of the evaluation. */
  static void start(Set<String> files) {
    sites = new IdentityHashMap<>();
    configFiles = files;
  }

  /** Records the innermost config-file frame running now as the site of {@code value} (first creation wins). */
  static void record(PValue value) {
    if (sites.containsKey(value)) {
      return;
    }
    for (PyFrame frame = Py.getFrame(); frame != null; frame = frame.f_back) {
      if (frame.f_code != null && configFiles.contains(frame.f_code.co_filename)) {
        sites.put(value, new Site(frame.f_code.co_filename, frame.getline()));
        return;
      }
    }
  }

  /** A copy made outside Python (bindings, the environment fallback) keeps the site of its original. */
  public static <T extends PValue> T sameSiteAs(T copy, PValue original) {
    Site site = sites.get(original);
    if (site != null) {
      sites.putIfAbsent(copy, site);
    }
    return copy;
  }

  /**
   * The site of the deepest value along {@code fieldPath} ({@code task.processes[1].name}, {@code constraints[x]})
   * that has one, starting from {@code root}; null when nothing on the way was built by the config.
   */
  public static Site locate(PValue root, String fieldPath) {
    Site best = sites.get(root);
    PValue current = root;
    Matcher step = STEP.matcher(fieldPath);
    while (current != null && step.find()) {
      if (step.group(1) != null) {
        String field = step.group(1);
        current = current instanceof StructValue s && s.type().hasField(field) ? s.rawField(field) : null;
      } else {
        current = element(current, step.group(2));
      }
      Site site = current == null ? null : sites.get(current);
      best = site != null ? site : best;
    }
    return best;
  }

  private static PValue element(PValue container, String index) {
    if (container instanceof ListValue list && index.matches("-?\\d+")) {
      int i = Integer.parseInt(index);
      return i >= 0 && i < list.size() ? list.elements().get(i) : null;
    }
    if (container instanceof MapValue map) {
      for (int i = 0; i < map.size(); i++) {
        if (String.valueOf(map.keyAt(i).get()).equals(index)) {
          return map.valueAt(i);
        }
      }
    }
    return null;
  }
}
