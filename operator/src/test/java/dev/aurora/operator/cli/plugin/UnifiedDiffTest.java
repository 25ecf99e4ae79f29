package dev.aurora.operator.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin's unified diff has the hunks {@code diff -u} prints: three lines of context, nearby changes merged. */
class UnifiedDiffTest {
  private static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  @Test
  void changesFarApartAreSeparateHunksWithThreeLinesOfContext() {
    List<String> a = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      a.add("line " + i);
    }
    List<String> b = new ArrayList<>(a);
    b.set(1, "line 2 changed");
    b.add(10, "inserted");
    b.remove(18); // line 18
    assertEquals("--- a\n+++ b\n@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line 2 changed\n line 3\n line 4\n line 5\n"
        + "@@ -8,6 +8,7 @@\n line 8\n line 9\n line 10\n+inserted\n line 11\n line 12\n line 13\n"
        + "@@ -15,6 +16,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n",
        UnifiedDiff.diff("a", lines(a), "b", lines(b)));
  }

  @Test
  void changesWithinSixLinesShareAHunk() {
    List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
    List<String> b = List.of("1", "two", "3", "4", "5", "6", "7", "8", "nine");
    assertEquals("--- a\n+++ b\n@@ -1,9 +1,9 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n",
        UnifiedDiff.diff("a", lines(a), "b", lines(b)));
  }

  @Test
  void appendedAndRemovedEverythingAndNothing() {
    assertEquals("--- a\n+++ b\n@@ -1,2 +1,3 @@\n x\n y\n+z\n", UnifiedDiff.diff("a", "x\ny\n", "b", "x\ny\nz\n"));
    assertEquals("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n", UnifiedDiff.diff("a", "x\n", "b", ""));
    assertEquals("", UnifiedDiff.diff("a", "same\n", "b", "same\n"));
  }
}
