package dev.aurora.operator.store;

import dev.aurora.crd.v1alpha1.InstanceRanges;
import java.util.ArrayList;
import java.util.List;

/** Instance id lists as compact range text, {@code 0-4,7,9-12}: a 10,000-instance update's progress in a few bytes. */
final class Ranges {
  private Ranges() {
  }

  /** Encodes ids in their order; runs of consecutive ascending ids become {@code a-b}. */
  static String encode(Iterable<Integer> ids) {
    return InstanceRanges.format(ids);
  }

  static List<Integer> decode(String text) {
    List<Integer> ids = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return ids;
    }
    for (String part : text.split(",")) {
      int dash = part.indexOf('-');
      if (dash < 0) {
        ids.add(Integer.parseInt(part));
      } else {
        int from = Integer.parseInt(part.substring(0, dash));
        int to = Integer.parseInt(part.substring(dash + 1));
        for (int id = from; id <= to; id++) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
