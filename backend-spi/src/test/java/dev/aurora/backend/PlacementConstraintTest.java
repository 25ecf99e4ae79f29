package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.PlacementConstraint.LimitConstraint;
import dev.aurora.backend.PlacementConstraint.ValueConstraint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementConstraintTest {
  @Test
  void jobWithoutHostConstraintIsSpreadOnePerHost() {
    assertEquals(List.of(new LimitConstraint("host", 1)), PlacementConstraint.parse(Map.of()));
  }

  @Test
  void explicitHostOrDedicatedConstraintReplacesTheDefault() {
    assertEquals(List.of(new LimitConstraint("host", 3)), PlacementConstraint.parse(Map.of("host", "limit:3")));
    assertEquals(List.of(new ValueConstraint("dedicated", false, Set.of("www-data/web"))),
        PlacementConstraint.parse(Map.of("dedicated", "www-data/web")));
  }

  @Test
  void valueConstraintsAreOrOfValuesXorNegation() {
    Map<String, String> spec = new LinkedHashMap<>();
    spec.put("rack", "a, b");
    spec.put("zone", "!east");
    List<PlacementConstraint> parsed = PlacementConstraint.parse(spec);
    ValueConstraint rack = (ValueConstraint) parsed.get(0);
    ValueConstraint zone = (ValueConstraint) parsed.get(1);
    assertTrue(rack.satisfiedBy(Set.of("b")));
    assertFalse(rack.satisfiedBy(Set.of("c")));
    assertFalse(rack.satisfiedBy(Set.of()));
    assertTrue(zone.satisfiedBy(Set.of()));
    assertTrue(zone.satisfiedBy(Set.of("west")));
    assertFalse(zone.satisfiedBy(Set.of("east")));
  }

  @Test
  void badLimitsAreRefusedWithTheAttributeName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PlacementConstraint.parse(Map.of("rack", "limit:two")));
    assertTrue(e.getMessage().contains("rack"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PlacementConstraint.parse(Map.of("rack", "limit:0")));
  }
}
