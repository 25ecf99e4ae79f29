package dev.aurora.operator.cli.plugin;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Instance id sets as the spec's range text, {@code 0-3,7}: comma-separated ids and inclusive ranges. Parsing is
 * strict (a reversed range, a negative id or stray text is refused naming the option it came from); formatting
 * merges consecutive ids, so a union or difference is written back in its shortest form.
 */
final class InstanceRanges {
  private InstanceRanges() {
  }

  static TreeSet<Integer> parse(String text, String where) {
    TreeSet<Integer> ids = new TreeSet<>();
    if (text == null || text.isBlank()) {
      return ids;
    }
    for (String part : text.split(",", -1)) {
      String p = part.trim();
      try {
        int dash = p.indexOf('-', 1);
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
        if (from < 0 || to < from) {
          throw new NumberFormatException();
        }
        if (to - from > 100_000) {
          throw new UsageException(where + ": range '" + p + "' is larger than any job");
        }
        for (int id = from; id <= to; id++) {
          ids.add(id);
        }
      } catch (NumberFormatException e) {
        throw new UsageException(where + ": '" + p + "' is not an instance id or range; expected e.g. 0-3,7");
      }
    }
    return ids;
  }

  static String format(Collection<Integer> ids) {
    StringBuilder out = new StringBuilder();
    Integer start = null;
    Integer last = null;
    for (int id : new TreeSet<>(ids)) {
      if (last != null && id == last + 1) {
        last = id;
        continue;
      }
      append(out, start, last);
      start = id;
      last = id;
    }
    append(out, start, last);
    return out.toString();
  }

  /** Aurora's client layout of an id set: {@code [0-3], [7]}. */
  static String bracketed(Collection<Integer> ids) {
    String plain = format(ids);
    return plain.isEmpty() ? "" : "[" + plain.replace(",", "], [") + "]";
  }

  private static void append(StringBuilder out, Integer start, Integer last) {
    if (start == null) {
      return;
    }
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(start);
    if (!last.equals(start)) {
      out.append('-').append(last);
    }
  }
}
