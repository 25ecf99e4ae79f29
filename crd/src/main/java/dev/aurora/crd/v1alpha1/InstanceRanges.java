package dev.aurora.crd.v1alpha1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Instance ids as people write them on Aurora's command line ({@code --instances 0-3,7}): ids and inclusive ranges,
 * comma separated. Used by the spec fields that name instances and by the plugin that edits them.
 */
public final class InstanceRanges {
  /** What the API server accepts (the parser also bounds each id and range). */
  public static final String PATTERN = "^\\s*(\\d+(\\s*-\\s*\\d+)?)(\\s*,\\s*\\d+(\\s*-\\s*\\d+)?)*\\s*$";

  /** Aurora's default max_tasks_per_job: no job has more instances, so no range needs to be wider. */
  public static final int MAX_ID = 3999;

  private InstanceRanges() {
  }

  /**
   * Parses {@code text} (null or blank: no instances). {@code field} names the spec field in the message of the
   * {@link IllegalArgumentException} thrown for text that is not ranges of ids.
   */
  public static SortedSet<Integer> parse(String text, String field) {
    SortedSet<Integer> ids = new TreeSet<>();
    if (text == null || text.isBlank()) {
      return Collections.unmodifiableSortedSet(ids);
    }
    for (String part : text.split(",", -1)) {
      String[] bounds = part.trim().split("\\s*-\\s*", -1);
      if (bounds.length > 2 || bounds[0].isEmpty()) {
        throw invalid(field, text, "'" + part.trim() + "' is neither an id nor a range a-b");
      }
      int low = id(bounds[0], field, text);
      int high = bounds.length == 2 ? id(bounds[1], field, text) : low;
      if (high < low) {
        throw invalid(field, text, "range " + low + "-" + high + " runs backwards");
      }
      for (int i = low; i <= high; i++) {
        ids.add(i);
      }
    }
    return Collections.unmodifiableSortedSet(ids);
  }

  /** Ids in their order, each run of consecutive ascending ids as one range {@code a-b}; empty for no ids. */
  public static String format(Iterable<Integer> ids) {
    List<String> parts = new ArrayList<>();
    Integer start = null;
    Integer last = null;
    for (int id : ids) {
      if (last != null && id == last + 1) {
        last = id;
        continue;
      }
      if (start != null) {
        parts.add(range(start, last));
      }
      start = id;
      last = id;
    }
    if (start != null) {
      parts.add(range(start, last));
    }
    return String.join(",", parts);
  }

  private static String range(int start, int end) {
    return start == end ? Integer.toString(start) : start + "-" + end;
  }

  private static int id(String digits, String field, String text) {
    try {
      int id = Integer.parseInt(digits);
      if (id <= MAX_ID) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(field, text, "'" + digits + "' is not an instance id from 0 to " + MAX_ID);
  }

  private static IllegalArgumentException invalid(String field, String text, String why) {
    return new IllegalArgumentException(field + ": \"" + text + "\" is not a list of instance ids and ranges such "
        + "as 0-3,7: " + why);
  }
}
