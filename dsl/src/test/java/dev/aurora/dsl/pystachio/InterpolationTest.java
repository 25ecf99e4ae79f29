package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.STRING;
import static dev.aurora.dsl.pystachio.P.kw;
import static dev.aurora.dsl.pystachio.P.make;
import static dev.aurora.dsl.pystachio.P.refs;
import static dev.aurora.dsl.pystachio.P.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §5-§6: mustache splitting, scopes, binding precedence, resolution and re-interpolation. */
class InterpolationTest {
  private static final StructType PROC = struct("Proc", "name", STRING, "cmdline", STRING);
  private static final StructType TSK2 = struct("Tsk2", "who", STRING, "processes", ListType.of(PROC));

  private static String render(String template, Object... bindings) {
    return STRING.create(template).bind(kw(bindings)).str();
  }

  @Test
  void mustacheSplittingEdgeCases() {
    assertEquals("{v}", render("{{{a}}}", "a", "v"));
    assertEquals("{{}} {{{}}} {{a} {a}}", render("{{}} {{{}}} {{a} {a}}", "a", "v"));
    assertThrows(Ref.InvalidRefError.class, () -> render("{{ a }}"));
    assertThrows(Ref.InvalidRefError.class, () -> render("{{a-b}}"));
  }

  @Test
  void escapesAreLiteralAndNotReportedUnbound() {
    Interpolation i = STRING.create("{{&x}} {{&y&}} {{z}}").interpolate();
    assertEquals("{{x}} {{y}} {{z}}", i.value().get());
    assertEquals("[Ref(z)]", refs(i));
  }

  @Test
  void scalarUnboundRefsKeepOrderAndDuplicates() {
    assertEquals("[Ref(a), Ref(a), Ref(b)]", refs(STRING.create("{{a}}{{a}}{{b}}").interpolate()));
  }

  @Test
  void substitutedTextIsReparsed() {
    assertEquals("7", render("{{a}}", "a", "{{b}}", "b", 7L));
    assertEquals("second", STRING.create("{{a[{{i}}]}}")
        .bind(kw("a", ListType.of(STRING).create(List.of("first", "second")), "i", 1L)).str());
    assertEquals("deep", render("{{{{n}}}}", "n", "target", "target", "deep"));
    assertEquals("Z", render("{{x}}{{y}}", "x", "{{", "y", "z}}", "z", "Z"));
  }

  @Test
  void outOfRangeInnerIndexStaysUnbound() {
    Interpolation i = STRING.create("{{foo[{{bar}}]}}")
        .bind(kw("foo", ListType.of(STRING).create(List.of("a", "b")), "bar", 2L)).interpolate();
    assertEquals("{{foo[2]}}", i.value().get());
    assertEquals("[Ref(foo[2])]", refs(i));
  }

  @Test
  void cyclesAreUninterpolatable() {
    UninterpolatableError e = assertThrows(UninterpolatableError.class,
        () -> STRING.create("{{a}}").bind(kw("a", "{{b}}", "b", "{{a}}")).interpolate());
    assertEquals("Unable to interpolate {{a}}!  Maximum replacements reached.", e.getMessage());
    UninterpolatableError growing = assertThrows(UninterpolatableError.class, () -> render("{{a}}", "a", "x{{a}}"));
    assertEquals("Unable to interpolate " + "x".repeat(100) + "{{a}}!  Maximum replacements reached.",
        growing.getMessage());
    assertEquals("TypeCheck(FAILED): Unable to interpolate: Unable to interpolate {{a}}!  Maximum replacements "
        + "reached.", INTEGER.create("{{a}}").bind(kw("a", "{{a}}")).check().toString());
  }

  @Test
  void textThatDoublesEveryRoundIsStoppedEarly() {
    UninterpolatableError e = assertThrows(UninterpolatableError.class, () -> render("{{a}}", "a", "{{a}}{{a}}"));
    assertEquals("Unable to interpolate {{a}}!  Maximum replacements reached.", e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.grewTooLong());
  }

  @Test
  void splicedValuesUsePythonStr() {
    assertEquals("1.0 1e+16 1e-05 True 0.3 0.333333333333",
        render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}", "a", 1.0, "b", 1e16, "c", 1e-5, "d", true, "e", 0.1 + 0.2,
            "f", 1.0 / 3));
    StructType in = struct("In", "v", INTEGER);
    assertEquals("In(v=1)", STRING.create("{{i}}").bind(kw("i", make(in, "v", 1L))).str());
  }

  @Test
  void bindAndInScopePrecedence() {
    ScalarValue s = STRING.create("{{a}}");
    assertEquals("String(2)", s.bind(kw("a", 1L)).bind(kw("a", 2L)).repr());
    assertEquals("String(1)", s.bind(kw("a", 1L)).inScope(kw("a", 2L)).repr());
    assertEquals("String(2)", s.bind(kw("a", 1L), kw("a", 2L)).repr());
    assertEquals("String(2)", s.bind(kw("a", 1L)).mod(kw("a", 2L)).repr());
    assertEquals("String(2)", s.mod(kw("a", 2L)).bind(kw("a", 3L)).repr());
    assertEquals("[Environment({Ref(a): '2'}), Environment({Ref(a): '1'})]",
        s.bind(kw("a", 1L)).bind(kw("a", 2L)).scopes().toString());
  }

  @Test
  void resolutionFallsThroughPerRef() {
    StructType pr = struct("Pr", "greeting", STRING);
    assertEquals("String(1)", STRING.create("{{a.b}}").bind(kw("a", kw("b", 1L)))
        .bind(kw("a", make(pr, "greeting", "g"))).repr());
  }

  @Test
  void nearestStructFieldBeatsAnyBind() {
    PValue p = make(PROC, "name", "n", "cmdline", "{{name}}").bind(kw("name", "bound"));
    assertEquals("n", ((StructValue) p).field("cmdline").get());
  }

  @Test
  void childBindBeatsParentFieldWhichBeatsParentBind() {
    StructValue p2 = make(PROC, "name", "{{who}}", "cmdline", "{{name}}");
    assertEquals("tsk-field", procName(make(TSK2, "who", "tsk-field", "processes", List.of(p2))
        .bind(kw("who", "tsk-bind"))));
    assertEquals("proc-bind", procName(make(TSK2, "who", "tsk-field",
        "processes", List.of(p2.bind(kw("who", "proc-bind"))))));
    assertEquals("global", procName(make(TSK2, "processes", List.of(p2)).inScope(kw("who", "global"))));
  }

  private static String procName(PValue task) {
    StructValue t = (StructValue) task.interpolate().value();
    StructValue p = (StructValue) ((ListValue) t.rawField("processes")).elements().get(0);
    assertEquals(p.rawField("name").get(), p.rawField("cmdline").get());
    return (String) p.rawField("name").get();
  }

  @Test
  void fieldReferencingItsOwnNameLoops() {
    assertThrows(UninterpolatableError.class,
        () -> make(PROC, "name", "{{name}}").bind(kw("name", "x")).interpolate());
    StructType ch = struct("Ch", "value", STRING, "other", STRING);
    StructType pa = struct("Pa", "child", ch, "value", INTEGER);
    assertThrows(UninterpolatableError.class,
        () -> make(pa, "child", make(ch, "value", "{{value}}"), "value", 23L).interpolate());
    assertEquals("23", childField(make(pa, "child", make(ch, "value", "{{super.value}}"), "value", 23L), "value"));
  }

  @Test
  void selfFallsThroughToTheParentAndSuperMeansBoundScopes() {
    StructType ch = struct("Ch", "value", STRING, "other", STRING);
    StructType pa = struct("Pa", "child", ch, "value", INTEGER);
    assertEquals("23", childField(make(pa, "child", make(ch, "other", "{{self.value}}"), "value", 23L), "other"));
    assertEquals("99", childField(make(pa, "child", make(ch, "value", "{{super.value}}"), "value", 1L)
        .bind(kw("value", 99L)), "value"));
    assertEquals("1", ((StructValue) make(ch, "value", "{{super.x}}").bind(kw("x", 1L))).field("value").get());
  }

  private static String childField(PValue parent, String field) {
    StructValue p = (StructValue) parent.interpolate().value();
    return (String) ((StructValue) p.rawField("child")).rawField(field).get();
  }

  @Test
  void bareFieldNamesOfEnclosingStructsAreVisible() {
    StructType job = struct("Jb", "role", STRING, "task", TSK2);
    StructValue j = make(job, "role", "www", "task", make(TSK2, "processes",
        List.of(make(PROC, "name", "p", "cmdline", "run as {{role}}"))));
    assertEquals("run as www", ((PValue) j.find(Ref.parse("task.processes[0].cmdline"))).str());
  }

  @Test
  void escapesComeAliveOnReinterpolation() throws Exception {
    ObjectMapper json = new ObjectMapper();
    StructType e = struct("E", "cmd", STRING, "y", STRING);
    StructValue v = make(e, "cmd", "{{&y}} {{y}}", "y", "Y");
    assertEquals(json.readTree("{\"cmd\": \"{{y}} Y\", \"y\": \"Y\"}"), v.toJson());
    assertEquals(json.readTree("{\"cmd\": \"Y Y\", \"y\": \"Y\"}"), v.interpolate().value().toJson());
    PValue r = STRING.create("{{x}}").bind(kw("x", "{{&y}}", "y", 1L)).interpolate().value();
    assertEquals("{{y}}", r.get());
    assertEquals("String(1)", r.repr());
  }

  @Test
  void partiallyResolvedStringsLoseTheirBindings() throws Exception {
    StructType p = struct("Pp", "cmd", STRING);
    StructType j = struct("Jj", "role", STRING, "p", p);
    PValue withUnbound = make(j, "role", "r", "p", make(p, "cmd", "{{&who}} {{&role}} {{unbound}}"))
        .bind(kw("who", "W"));
    assertEquals("{{who}} r {{unbound}}", withUnbound.interpolate().value().interpolate().value().toJson()
        .get("p").get("cmd").asText());
    PValue resolved = make(j, "role", "r", "p", make(p, "cmd", "{{&who}} {{&role}}")).bind(kw("who", "W"));
    assertEquals("W r", resolved.interpolate().value().interpolate().value().toJson().get("p").get("cmd").asText());
  }
}
