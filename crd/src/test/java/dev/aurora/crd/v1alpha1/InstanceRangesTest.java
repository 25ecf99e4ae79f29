package dev.aurora.crd.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InstanceRangesTest {
  @Test
  void parsesIdsAndRangesAsAuroraCommandLinesWroteThem() {
    assertEquals(Set.of(0, 1, 2, 3, 7), InstanceRanges.parse("0-3,7", "f"));
    assertEquals(Set.of(4, 5, 9), InstanceRanges.parse(" 9, 4 - 5 ", "f"));
    assertTrue(InstanceRanges.parse(null, "f").isEmpty());
    assertTrue(InstanceRanges.parse("  ", "f").isEmpty());
  }

  @Test
  void refusesWhatIsNotRangesNamingTheField() {
    for (String bad : List.of("a", "1-", "-1", "3-1", "1,,2", "1-2-3", "4000")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> InstanceRanges.parse(bad, "spec.killedInstances"), bad);
      assertTrue(e.getMessage().startsWith("spec.killedInstances: \"" + bad + "\""), e.getMessage());
    }
  }

  @Test
  void formatsRunsAsRangesAndRoundTrips() {
    assertEquals("0-3,7,9-10", InstanceRanges.format(List.of(0, 1, 2, 3, 7, 9, 10)));
    assertEquals("", InstanceRanges.format(List.of()));
    assertEquals(InstanceRanges.parse("0-3,7", "f"),
        InstanceRanges.parse(InstanceRanges.format(InstanceRanges.parse("7,0-3", "f")), "f"));
  }

  @Test
  void theApiServersPatternAcceptsWhatTheParserAccepts() {
    Pattern pattern = Pattern.compile(InstanceRanges.PATTERN);
    for (String good : List.of("0", "0-3,7", " 9, 4 - 5 ")) {
      assertTrue(pattern.matcher(good).matches(), good);
    }
    for (String bad : List.of("a", "1-", "1,,2", "1-2-3", "")) {
      assertTrue(!pattern.matcher(bad).matches(), bad);
    }
  }
}
