package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.kw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §6.1: Environment construction and lookup. */
class EnvironmentTest {

  @Test
  void valuesAreStringifiedAndDictsFlattened() {
    Environment e = Environment.of(kw("a", 1L, "b", kw("c", 2.5, "d", true)));
    assertEquals("1", e.find(Ref.parse("a")));
    assertEquals("2.5", e.find(Ref.parse("b.c")));
    assertEquals("True", e.find(Ref.parse("b.d")));
    assertThrows(Namable.NotFound.class, () -> e.find(Ref.parse("b")));
    assertEquals("Environment({Ref(a): '1'})", Environment.of(kw("a", 1L)).toString());
  }

  @Test
  void laterSourcesWinAndEnvironmentsMergeUnderTheirKey() {
    Environment e = Environment.of(kw("a", 1L), kw("a", 2L), kw("n", Environment.of(kw("x", "y"))));
    assertEquals("2", e.find(Ref.parse("a")));
    assertEquals("y", e.find(Ref.parse("n.x")));
  }

  @Test
  void invalidValuesAreRejected() {
    Map<String, Object> withNull = new java.util.HashMap<>();
    withNull.put("a", null);
    PystachioException e = assertThrows(PystachioException.class, () -> Environment.of(withNull));
    assertEquals("Environment values must be strings, numbers, Objects or other Environments. Got <type 'NoneType'> "
        + "instead.", e.getMessage());
    assertThrows(PystachioException.class, () -> Environment.of(kw("a", Arrays.asList(1, 2))));
  }

  @Test
  void exactKeyBeatsDescendingIntoAnObject() {
    StructType pp = P.struct("PP", "ports", MapType.of(ScalarType.STRING, INTEGER));
    Environment e = Environment.of(Map.of(Ref.parse("config.ports[http]"), 5000L),
        kw("config", P.make(pp, "ports", kw("http", 80L, "health", 8888L))));
    assertEquals("5000", e.find(Ref.parse("config.ports[http]")));
    assertEquals("Integer(8888)", ((PValue) e.find(Ref.parse("config.ports[health]"))).repr());
  }

  @Test
  void findDescendsIntoLists() {
    ListValue l = ListType.of(ScalarType.STRING).create(List.of("x", "y"));
    assertEquals("y", ((PValue) Environment.of(kw("l", l)).find(Ref.parse("l[1]"))).get());
  }
}
