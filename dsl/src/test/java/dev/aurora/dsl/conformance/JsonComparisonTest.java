package dev.aurora.dsl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.dsl.model.CanonicalJson;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparison the conformance test relies on must notice real differences. */
class JsonComparisonTest {
  private static List<String> diff(String expected, String actual, String... unordered) {
    return JsonComparison.differences(CanonicalJson.parse(expected), CanonicalJson.parse(actual), Set.of(unordered));
  }

  @Test
  void floatsMatchIntegersOfTheSameValueButNotTheOtherWayRound() {
    assertEquals(List.of(), diff("{\"cpu\": 1.0}", "{\"cpu\": 1}"));
    assertEquals(List.of(".ram: expected 1 but was 1.0"), diff("{\"ram\": 1}", "{\"ram\": 1.0}"));
    assertEquals(List.of(".cpu: expected 1.5 but was 1"), diff("{\"cpu\": 1.5}", "{\"cpu\": 1}"));
  }

  @Test
  void missingExtraAndChangedFields() {
    assertEquals(List.of(".a: missing", ".c: unexpected"), diff("{\"a\": 1, \"b\": 2}", "{\"b\": 2, \"c\": 3}"));
    assertEquals(List.of(".a: expected \"x\" but was \"y\""), diff("{\"a\": \"x\"}", "{\"a\": \"y\"}"));
  }

  @Test
  void orderMattersExceptWhereAllowed() {
    assertEquals(List.of(".l[0]: expected 1 but was 2", ".l[1]: expected 2 but was 1"),
        diff("{\"l\": [1, 2]}", "{\"l\": [2, 1]}"));
    assertEquals(List.of(), diff("{\"l\": [1, 2]}", "{\"l\": [2, 1]}", ".l"));
    assertEquals(List.of(".l: no element matches 3"), diff("{\"l\": [1, 3]}", "{\"l\": [1, 1]}", ".l"));
  }
}
