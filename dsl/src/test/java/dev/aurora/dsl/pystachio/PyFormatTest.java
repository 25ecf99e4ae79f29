package dev.aurora.dsl.pystachio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python 2 text forms used when splicing values and in check messages. */
class PyFormatTest {

  @Test
  void floatStrKeepsTwelveSignificantDigits() {
    assertEquals("1.0", PyFormat.floatStr(1.0));
    assertEquals("0.1", PyFormat.floatStr(0.1));
    assertEquals("1e+16", PyFormat.floatStr(1e16));
    assertEquals("1e+20", PyFormat.floatStr(1e20));
    assertEquals("1e-05", PyFormat.floatStr(1e-5));
    assertEquals("0.0001", PyFormat.floatStr(1e-4));
    assertEquals("123456789012.0", PyFormat.floatStr(123456789012.0));
    assertEquals("1.23456789012e+12", PyFormat.floatStr(1234567890123.0));
    assertEquals("-2.5", PyFormat.floatStr(-2.5));
    assertEquals("nan", PyFormat.floatStr(Double.NaN));
    assertEquals("-inf", PyFormat.floatStr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void floatReprIsShortestRoundTrip() {
    assertEquals("0.30000000000000004", PyFormat.floatRepr(0.1 + 0.2));
    assertEquals("1e+16", PyFormat.floatRepr(1e16));
    assertEquals("1234567890123.0", PyFormat.floatRepr(1234567890123.0));
  }

  @Test
  void reprsAreJythonStyle() {
    assertEquals("'x'", PyFormat.repr("x"));
    assertEquals("u'x'", PyFormat.interpolatedRepr("x"));
    assertEquals("u\"it's\"", PyFormat.interpolatedRepr("it's"));
    assertEquals("[1, 'a']", PyFormat.repr(List.of(1L, "a")));
    assertEquals("{'a': True}", PyFormat.repr(Map.of("a", true)));
    assertEquals("Cannot coerce '{'a': 1}' to Integer", new CoercionError(Map.of("a", 1L), "Integer").getMessage());
    assertEquals("None", PyFormat.str(null));
  }
}
