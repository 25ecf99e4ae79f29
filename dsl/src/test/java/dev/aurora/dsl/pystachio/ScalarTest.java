package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.BOOLEAN;
import static dev.aurora.dsl.pystachio.P.FLOAT;
import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.STRING;
import static dev.aurora.dsl.pystachio.P.kw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §2: basic types store raw values and coerce lazily. */
class ScalarTest {

  @Test
  void getIsRawAndInterpolateCoerces() {
    ScalarValue three = INTEGER.create("3");
    assertEquals("Integer(3)", three.repr());
    assertEquals("3", three.get());
    Interpolation i = three.interpolate();
    assertEquals(3L, i.value().get());
    assertEquals(List.of(), i.unbound());
    assertEquals(1, FLOAT.create(1).get());
    assertEquals(1.0, FLOAT.create(1).interpolate().value().get());
  }

  @Test
  void integerCoercionFollowsPythonInt() {
    assertEquals(3L, INTEGER.coerce(" 3 "));
    assertEquals(3L, INTEGER.coerce(3.7));
    assertEquals(1L, INTEGER.coerce(true));
    assertEquals(100000L, INTEGER.coerce(1e5));
    assertEquals(new BigInteger("123456789012345678901234567890"), INTEGER.coerce("123456789012345678901234567890"));
    for (String bad : List.of("3.7", "1e5", "0x10", "abc", "1_000", "")) {
      CoercionError e = assertThrows(CoercionError.class, () -> INTEGER.coerce(bad));
      assertEquals("Cannot coerce '" + bad + "' to Integer", e.getMessage());
    }
  }

  @Test
  void floatCoercionAcceptsPythonFloatLiterals() {
    assertEquals(2.0, FLOAT.coerce(" 2 "));
    assertEquals(1000.0, FLOAT.coerce("1e3"));
    assertTrue(((Double) FLOAT.coerce("nan")).isNaN());
    assertEquals(Double.POSITIVE_INFINITY, FLOAT.coerce("inf"));
    assertThrows(CoercionError.class, () -> FLOAT.coerce("1.5d"));
    assertThrows(CoercionError.class, () -> FLOAT.coerce("0x1p3"));
  }

  @Test
  void booleanCoercion() {
    assertEquals(true, BOOLEAN.coerce("TRUE"));
    assertEquals(true, BOOLEAN.coerce("1"));
    assertEquals(false, BOOLEAN.coerce("false"));
    assertEquals(false, BOOLEAN.coerce("0"));
    assertEquals(true, BOOLEAN.coerce(2L));
    for (String bad : List.of("yes", "2", " 0")) {
      assertThrows(CoercionError.class, () -> BOOLEAN.coerce(bad));
    }
  }

  @Test
  void stringCoercionIsPythonStr() {
    assertEquals("1e+20", STRING.create(1e20).str());
    assertEquals("True", STRING.create(true).str());
    assertEquals("String(1)", STRING.create(1L).repr());
    CoercionError e = assertThrows(CoercionError.class, () -> STRING.create(null).str());
    assertEquals("Cannot coerce 'None' to String", e.getMessage());
    assertThrows(CoercionError.class, () -> INTEGER.create(Map.of("a", 1)).str());
  }

  @Test
  void checkMessagesUseJythonUnicodeRepr() {
    assertEquals("TypeCheck(FAILED): u'{{x}}' not an integer", INTEGER.create("{{x}}").check().toString());
    assertEquals("TypeCheck(FAILED): Unable to interpolate: Cannot coerce 'oops' to Integer",
        INTEGER.create("{{x}}").bind(kw("x", "oops")).check().toString());
    assertEquals("TypeCheck(FAILED): Unable to interpolate: Cannot coerce 'abc' to Integer",
        INTEGER.create("abc").check().toString());
    assertEquals("TypeCheck(FAILED): u'{{b}}' not a boolean", BOOLEAN.create("{{b}}").check().toString());
    assertTrue(STRING.create("{{unbound}}").check().ok());
  }

  @Test
  void reprOfAnUncoercibleValueRaises() {
    CoercionError e = assertThrows(CoercionError.class, () -> INTEGER.create("{{x}}").bind(kw("x", "oops")).repr());
    assertEquals("Cannot coerce 'oops' to Integer", e.getMessage());
  }

  @Test
  void floatsSplicedFromTemplates() {
    assertEquals("Float(1.5)", FLOAT.create("{{a}}.{{b}}").bind(kw("a", 1L, "b", 5L)).repr());
    PValue partial = FLOAT.create("{{a}}.{{b}}").bind(kw("a", 1L));
    assertEquals("Float(1.{{b}})", partial.repr());
    assertEquals("TypeCheck(FAILED): u'1.{{b}}' not a float", partial.check().toString());
  }

  @Test
  void booleanGetIsRawUntilInterpolated() {
    PValue b = BOOLEAN.create("{{b}}").bind(kw("b", false));
    assertEquals("{{b}}", b.get());
    assertEquals(false, b.interpolate().value().get());
  }

  @Test
  void equalityComparesInterpolatedValuesOfTheSameType() {
    assertEquals(INTEGER.create(1L), INTEGER.create("1"));
    assertNotEquals(INTEGER.create(1L).hashCode(), INTEGER.create("1").hashCode());
    assertFalse(INTEGER.create(1L).equals(1L));
    assertNotEquals(FLOAT.create(1L), INTEGER.create(1L));
  }

  @Test
  void interpolationWithoutRefsKeepsTheValue() {
    ScalarValue s = STRING.create("plain");
    assertSame(s, s.interpolate().value());
  }

  @Test
  void enumsValidateEagerlyUnlessTemplated() {
    EnumType color = EnumType.of(List.of("Red", "Green", "Blue"));
    assertEquals("Enum_Red_Green_Blue", color.name());
    PystachioException e = assertThrows(PystachioException.class, () -> color.create("Brown"));
    assertEquals("ValueError", e.pythonType());
    assertEquals("Enum_Red_Green_Blue only accepts the following values: Red, Green, Blue", e.getMessage());
    assertEquals("TypeCheck(FAILED): u'{{c}}' not in the enumeration (Red, Green, Blue)",
        color.create("{{c}}").check().toString());
    assertEquals("TypeCheck(FAILED): Unable to interpolate: Cannot coerce 'Brown' to Enum_Red_Green_Blue: "
        + "Brown is not one of Red, Green, Blue", color.create("{{c}}").bind(kw("c", "Brown")).check().toString());
    assertTrue(color.create("{{c}}").bind(kw("c", "Red")).check().ok());
    assertThrows(PystachioException.class, () -> color.create("{{&c}}"));
    EnumType mode = EnumType.named("Mode", List.of("RO", "RW"));
    assertEquals(List.of("Enum", "Mode", List.of("RO", "RW")), mode.serialize());
    assertThrows(PystachioException.class, () -> EnumType.of(List.of("a", "b")).create(1L));
    assertNotEquals(EnumType.of(List.of("A", "B")).create("A"), EnumType.of(List.of("A", "B")).create("A"));
    assertTrue(EnumType.of(List.of()).values().isEmpty());
  }
}
