package dev.aurora.dsl.pystachio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §5: the reference grammar. */
class RefTest {

  @Test
  void validAddresses() {
    for (String ok : List.of("a", "_", "a.b", "a[b]", "a[0].d", "a[a.b]", "a[a/b]", "a[2.0.a_c/d-e]", "a[-1]", ".a",
        "[0]", "a.b[c][0].d")) {
      assertEquals(ok.startsWith(".") ? ok.substring(1) : ok, Ref.parse(ok).address(), ok);
    }
  }

  @Test
  void invalidAddresses() {
    for (String bad : List.of(" a ", "a ", "4", "a-b", "a[]", "a[b c]", "a.1", "[a]b", "", "a..b", "a[b")) {
      assertEquals(bad, assertThrows(Ref.InvalidRefError.class, () -> Ref.parse(bad), bad).getMessage());
    }
  }

  @Test
  void componentsAndTextForms() {
    Ref r = Ref.parse("a.b[c][0].d");
    assertEquals(List.of(new Ref.Dereference("a"), new Ref.Dereference("b"), new Ref.Index("c"), new Ref.Index("0"),
        new Ref.Dereference("d")), r.components());
    assertEquals("{{a.b[c][0].d}}", r.toString());
    assertEquals("Ref(a.b[c][0].d)", r.repr());
    assertEquals(Ref.parse("a"), Ref.parse(".a"));
    assertNotEquals(Ref.parse("a[b]"), Ref.parse("a.b"));
  }

  @Test
  void subscopeAndOrdering() {
    assertEquals(Optional.of(Ref.parse("c")), Ref.subscope(Ref.parse("a.b"), Ref.parse("a.b.c")));
    assertEquals(Optional.empty(), Ref.subscope(Ref.parse("a.b"), Ref.parse("a.b")));
    assertEquals(Optional.empty(), Ref.subscope(Ref.parse("a.x"), Ref.parse("a.b.c")));
    assertTrue(Ref.parse("a.b").compareTo(Ref.parse("z")) > 0);
  }
}
