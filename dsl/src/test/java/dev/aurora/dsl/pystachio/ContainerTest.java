package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.FLOAT;
import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.STRING;
import static dev.aurora.dsl.pystachio.P.kw;
import static dev.aurora.dsl.pystachio.P.refs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §3: List, Map and Choice. */
class ContainerTest {
  private static final ListType INTEGER_LIST = ListType.of(INTEGER);
  private static final MapType STRING_INTEGER_MAP = MapType.of(STRING, INTEGER);

  @Test
  void listNamesWrapElementsAndStayRaw() {
    assertEquals("IntegerList", INTEGER_LIST.name());
    assertEquals("IntegerListList", ListType.of(INTEGER_LIST).name());
    ListValue l = INTEGER_LIST.create(List.of(1L, "2", "{{x}}"));
    assertEquals("IntegerList(1, 2, {{x}})", l.repr());
    assertEquals(List.of(1L, "2", "{{x}}"), l.get());
    Interpolation i = l.interpolate();
    assertEquals("IntegerList(1, 2, {{x}})", i.value().repr());
    assertEquals("[Ref(x)]", refs(i));
    assertEquals("TypeCheck(FAILED): Element in IntegerList failed check: u'{{x}}' not an integer", l.check().toString());
    assertEquals(List.of(1L, 2L, 3L), l.bind(kw("x", 3L)).interpolate().value().get());
  }

  @Test
  void listRejectsNonSequences() {
    for (Object bad : List.of("abc", 5L, Map.of("a", 1))) {
      PystachioException e = assertThrows(PystachioException.class, () -> INTEGER_LIST.create(bad));
      assertEquals("ValueError", e.pythonType());
      assertTrue(e.getMessage().startsWith("ListContainer expects an iterable, got "));
    }
    assertEquals("ListContainer expects an iterable, got 'abc'",
        assertThrows(PystachioException.class, () -> INTEGER_LIST.create("abc")).getMessage());
  }

  @Test
  void listUnboundRefsAreDeduplicated() {
    ListValue l = ListType.of(STRING).create(List.of("{{a}}", "{{a}} {{b}}"));
    assertEquals("[Ref(a), Ref(b)]", refs(l.interpolate()));
  }

  @Test
  void listFindParsesIndicesLikePythonInt() {
    ListValue l = ListType.of(STRING).create(List.of("a", "b", "c"));
    assertEquals("b", ((PValue) l.find(Ref.parse("[01]"))).get());
    assertEquals("c", ((PValue) l.find(Ref.parse("[-1]"))).get());
    assertThrows(Namable.NamingError.class, () -> l.find(Ref.parse("[x]")));
    assertThrows(Namable.NamingError.class, () -> l.find(Ref.parse("x")));
    assertThrows(Namable.NotFound.class, () -> l.find(Ref.parse("[3]")));
    assertThrows(Namable.Unnamable.class, () -> l.find(Ref.parse("[0].y")));
    assertEquals("c", STRING.create("{{l[-1]}}").bind(kw("l", l)).str());
    assertEquals("c", l.element(-1).get());
    PystachioException tooNegative = assertThrows(PystachioException.class,
        () -> STRING.create("{{l[-4]}}").bind(kw("l", l)).interpolate());
    assertEquals("IndexError", tooNegative.pythonType());
  }

  @Test
  void listEqualityNeedsSameElementTypeAndValues() {
    assertEquals(INTEGER_LIST.create(List.of(1L, "2")), ListType.of(INTEGER).create(List.of("1", 2L)));
    assertNotEquals(INTEGER_LIST.create(List.of(1L)), ListType.of(FLOAT).create(List.of(1L)));
    assertEquals(INTEGER_LIST.create(List.of("{{x}}")).bind(kw("x", 1L)), INTEGER_LIST.create(List.of(1L)));
  }

  @Test
  void elementBindingsBeatListBindings() {
    PValue bound = STRING.create("{{x}}").bind(kw("x", "element"));
    ListValue l = ListType.of(STRING).create(List.of(bound, STRING.create("{{x}}")));
    assertEquals(List.of("element", "list"), l.bind(kw("x", "list")).interpolate().value().get());
    assertEquals(List.of("element", "scope"), l.inScope(kw("x", "scope")).interpolate().value().get());
  }

  @Test
  void mapNamesKeysAndValuesAreWrappedAndKeyTemplatesInterpolated() {
    assertEquals("StringIntegerMap", STRING_INTEGER_MAP.name());
    PValue m = STRING_INTEGER_MAP.create(Map.of("{{k}}", 1L)).bind(kw("k", "key"));
    assertEquals(Map.of("{{k}}", 1L), m.get());
    assertEquals(Map.of("key", 1L), m.interpolate().value().get());
    MapValue pairs = STRING_INTEGER_MAP.fromPairs(List.of(List.of("a", 1L), List.of("b", 2L)));
    assertEquals("StringIntegerMap(a => 1, b => 2)", pairs.repr());
    PystachioException single = assertThrows(PystachioException.class,
        () -> STRING_INTEGER_MAP.create(List.of(List.of("a", 1L))));
    assertEquals("Unexpected input to MapContainer: ([['a', 1]],)", single.getMessage());
    assertEquals("Unexpected input to MapContainer: (5,)",
        assertThrows(PystachioException.class, () -> STRING_INTEGER_MAP.create(5L)).getMessage());
  }

  @Test
  void mapCheckMessages() {
    MapValue m = STRING_INTEGER_MAP.create(P.kw("a", 1L, "b", "{{x}}"));
    assertEquals("TypeCheck(FAILED): StringIntegerMap[b] value {{x}} failed check: u'{{x}}' not an integer",
        m.check().toString());
    PValue partly = STRING_INTEGER_MAP.create(P.kw("b", "{{x}}{{y}}")).bind(kw("x", 1L));
    assertEquals("TypeCheck(FAILED): StringIntegerMap[b] value {{x}}{{y}} failed check: u'1{{y}}' not an integer",
        partly.check().toString());
    MapValue broken = STRING_INTEGER_MAP.create(P.kw("a", 1L, "b", "zz"));
    assertThrows(CoercionError.class, broken::check);
    MapValue badKey = MapType.of(INTEGER, STRING).create(P.kw("{{k}}", "v"));
    assertEquals("TypeCheck(FAILED): IntegerStringMap key {{k}} failed check: u'{{k}}' not an integer",
        badKey.check().toString());
  }

  @Test
  void mapFindCoercesTheIndexToTheKeyType() {
    MapValue m = MapType.of(INTEGER, STRING).create(Map.of(1L, "one"));
    assertEquals("one", ((PValue) m.find(Ref.parse("[01]"))).get());
    assertThrows(CoercionError.class, () -> m.find(Ref.parse("[x]")));
    assertThrows(CoercionError.class, () -> STRING.create("{{m[x]}}").bind(kw("m", m)).interpolate());
    MapValue floats = MapType.of(FLOAT, STRING).create(Map.of(1L, "f"));
    assertEquals("f", ((PValue) floats.find(Ref.parse("[1.0]"))).get());
    assertThrows(Namable.NotFound.class, () -> m.find(Ref.parse("[2]")));
    assertThrows(Namable.NamingError.class, () -> m.find(Ref.parse("a")));
  }

  @Test
  void mapEqualityIsOrderSensitive() {
    assertEquals(STRING_INTEGER_MAP.create(P.kw("a", 1L, "b", 2L)), STRING_INTEGER_MAP.create(P.kw("a", "1", "b", 2L)));
    assertNotEquals(STRING_INTEGER_MAP.create(P.kw("a", 1L, "b", 2L)), STRING_INTEGER_MAP.create(P.kw("b", 2L, "a", 1L)));
  }

  @Test
  void choicePicksTheFirstAlternativeThatInterpolates() {
    ChoiceType intOrString = ChoiceType.of(List.of(INTEGER, STRING));
    assertEquals("Choice_Integer_String", intOrString.name());
    ChoiceValue templated = intOrString.create("{{x}}");
    assertEquals(INTEGER, templated.unwrap().type());
    assertTrue(templated.check().ok());
    assertEquals(STRING, intOrString.create("abc").unwrap().type());
    assertEquals(1L, ChoiceType.of(List.of(INTEGER, FLOAT)).create(1.5).unwrap().get());
    assertEquals(5L, templated.bind(kw("x", 5L)).get());
  }

  @Test
  void choiceCheckFailsWhenNoAlternativeChecks() {
    ChoiceType intOrFloat = ChoiceType.of(List.of(INTEGER, FLOAT));
    assertEquals("TypeCheck(FAILED): Choice_Integer_Float typecheck failed: value abc did not match any of its "
        + "alternatives", intOrFloat.create("abc").check().toString());
    CoercionError e = assertThrows(CoercionError.class, () -> intOrFloat.create("abc").interpolate());
    assertEquals("Cannot coerce 'abc' to Choice_Integer_Float", e.getMessage());
    assertEquals(1.5, intOrFloat.create("{{v}}").bind(kw("v", "1.5")).check().ok() ? 1.5 : 0.0);
  }

  @Test
  void choiceReprAndListAlternative() {
    ChoiceType c = ChoiceType.of(List.of(STRING, INTEGER_LIST));
    assertEquals("Choice_String_IntegerList([1, 2, 3])", c.create(List.of(1L, 2L, 3L)).repr());
    assertInstanceOf(ListValue.class, c.create(List.of(1L, 2L, 3L)).unwrap());
  }

  @Test
  void choiceOfAnInstanceThatFailsCheckCrashesAsPystachioDoes() {
    StructType batch = P.struct("BatchUpdateStrategy", "batch_size", FieldSpec.withDefault(INTEGER, 1L));
    ChoiceType c = ChoiceType.of(List.of(batch));
    ChoiceValue v = c.create(P.make(batch, "batch_size", "{{bs}}"));
    assertEquals(null, v.check());
    StructValue update = P.make(P.struct("UpdateConfig", "update_strategy", c), "update_strategy", v);
    PystachioException e = assertThrows(PystachioException.class, update::check);
    assertEquals("AttributeError", e.pythonType());
    assertEquals("'NoneType' object has no attribute 'ok'", e.getMessage());
  }

  @Test
  void choiceOfStructsDoesNotFallThroughOnUnknownAttributes() {
    StructType a = P.struct("A", "x", INTEGER);
    StructType b = P.struct("B", "y", INTEGER);
    ChoiceValue v = ChoiceType.of(List.of(a, b)).create(Map.of("y", 1L));
    assertThrows(UnknownAttributeError.class, v::interpolate);
  }
}
