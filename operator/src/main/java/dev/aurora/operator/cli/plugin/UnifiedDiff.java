package dev.aurora.operator.cli.plugin;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines, as {@code diff -u} prints it: hunks with three lines of context, headed
 * {@code @@ -a,b +c,d @@}. The edit script is a longest common subsequence, which is plenty for job JSON of a few
 * hundred lines.
 */
final class UnifiedDiff {
  private static final int CONTEXT = 3;

  private UnifiedDiff() {
  }

  /** The diff, or the empty string when the texts are equal. */
  static String diff(String fromName, String from, String toName, String to) {
    List<String> a = lines(from);
    List<String> b = lines(to);
    List<Character> script = script(a, b); // one of ' ', '-', '+' per line of the edit
    List<String> text = new ArrayList<>(); // the line of each script entry
    List<int[]> positions = new ArrayList<>(); // {line in a, line in b} before the entry
    int i = 0;
    int j = 0;
    for (char op : script) {
      positions.add(new int[] {i, j});
      switch (op) {
        case ' ' -> {
          text.add(a.get(i));
          i++;
          j++;
        }
        case '-' -> text.add(a.get(i++));
        default -> text.add(b.get(j++));
      }
    }
    StringBuilder out = new StringBuilder();
    int k = 0;
    while (k < script.size()) {
      if (script.get(k) == ' ') {
        k++;
        continue;
      }
      int start = Math.max(0, k - CONTEXT);
      // the hunk goes on while the next change is within 2 * CONTEXT lines of the last one
      int lastChange = k;
      for (int m = k; m < script.size(); m++) {
        if (script.get(m) != ' ') {
          lastChange = m;
        } else if (m - lastChange > 2 * CONTEXT) {
          break;
        }
      }
      int end = Math.min(script.size() - 1, lastChange + CONTEXT);
      if (out.length() == 0) {
        out.append("--- ").append(fromName).append('\n').append("+++ ").append(toName).append('\n');
      }
      int aStart = positions.get(start)[0];
      int bStart = positions.get(start)[1];
      int aCount = 0;
      int bCount = 0;
      StringBuilder hunk = new StringBuilder();
      for (int m = start; m <= end; m++) {
        char op = script.get(m);
        hunk.append(op).append(text.get(m)).append('\n');
        if (op != '+') {
          aCount++;
        }
        if (op != '-') {
          bCount++;
        }
      }
      out.append("@@ -").append(range(aStart, aCount)).append(" +").append(range(bStart, bCount)).append(" @@\n")
          .append(hunk);
      k = end + 1;
    }
    return out.toString();
  }

  private static String range(int start, int count) {
    // diff -u numbers lines from 1; an empty range names the line before it
    return (count == 0 ? start : start + 1) + (count == 1 ? "" : "," + count);
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static List<Character> script(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Character> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        out.add(' ');
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j])) {
        out.add('+');
        j++;
      } else {
        out.add('-');
        i++;
      }
    }
    return out;
  }
}
