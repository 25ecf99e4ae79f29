package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.FLOAT;
import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.STRING;
import static dev.aurora.dsl.pystachio.P.kw;
import static dev.aurora.dsl.pystachio.P.make;
import static dev.aurora.dsl.pystachio.P.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §4: Struct construction, accessors, check, interpolation, JSON, equality and find. */
class StructTest {
  private static final StructType RES = struct("Res",
      "cpu", FieldSpec.required(FLOAT), "ram", INTEGER, "disk", FieldSpec.withDefault(INTEGER, 1024L));
  private static final StructType IN = struct("In", "v", FieldSpec.required(INTEGER));
  private static final StructType OUT = struct("Out", "il", ListType.of(IN), "i", IN);

  @Test
  void constructionStartsFromDefaultsAndLaterWins() {
    assertEquals("Res(disk=1024)", make(RES).repr());
    assertEquals("TypeCheck(FAILED): Res[cpu] is required.", make(RES).check().toString());
    assertEquals("Res(cpu=1.0,\n    disk=1024)", make(RES, "cpu", 1L).repr());
    assertEquals(Map.of("cpu", 1L, "disk", 1024L), make(RES, "cpu", 1L).get());
    assertEquals(Map.of("cpu", 1.0, "disk", 1024L), make(RES, "cpu", "1").interpolate().value().get());
    assertEquals(3.0, RES.construct(List.of(Map.of("cpu", 2L)), kw("cpu", 3L)).field("cpu").get());
  }

  @Test
  void constructionErrors() {
    UnknownAttributeError e = assertThrows(UnknownAttributeError.class, () -> make(RES, "bogus", 1L));
    assertEquals("Unknown schema attribute bogus", e.getMessage());
    assertEquals("AttributeError", e.pythonType());
    PystachioException notMap = assertThrows(PystachioException.class,
        () -> RES.construct(java.util.Arrays.asList((Object) null), Map.of()));
    assertEquals("Expected dictionary argument, got None", notMap.getMessage());
    assertThrows(UnknownAttributeError.class, () -> make(OUT, "i", Map.of("v", 1L, "w", 2L)));
  }

  @Test
  void jsonIsTheInterpolatedValueWithUnboundRefsAsText() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree("{\"cpu\": 1.0, \"disk\": 1024}"), make(RES, "cpu", 1L).toJson());
    assertEquals(json.readTree("{\"cpu\": \"{{c}}\", \"disk\": 1024}"), make(RES, "cpu", "{{c}}").toJson());
  }

  @Test
  void copyWithKeepsBindingsAndEmptyRemovesDefaults() {
    StructValue r = (StructValue) make(RES, "cpu", "{{c}}").bind(kw("c", 2L));
    StructValue copy = r.copyWith(kw("ram", 5L));
    assertEquals(2.0, copy.field("cpu").get());
    StructValue noDisk = copy.copyWith(kw("disk", Empty.INSTANCE));
    assertFalse(noDisk.has("disk"));
    assertNull(noDisk.field("disk"));
    assertTrue(make(RES).has("disk"));
    assertFalse(noDisk.get().containsKey("disk"));
    assertNotEquals(make(RES, "cpu", 1L), make(RES, "cpu", 1L, "disk", Empty.INSTANCE));
  }

  @Test
  void accessorsInterpolateInTheStructScopes() {
    StructType s = struct("S", "a", STRING, "b", STRING);
    StructValue v = make(s, "a", "{{b}}!", "b", "{{unbound}}");
    assertEquals("{{unbound}}!", v.field("a").get());
    PystachioException e = assertThrows(PystachioException.class, () -> v.field("nothing"));
    assertEquals("S has no attribute nothing", e.getMessage());
  }

  @Test
  void nestedCheckMessagesFormAPath() {
    assertEquals("TypeCheck(FAILED): Out[il] failed: Element in InList failed check: In[v] is required.",
        make(OUT, "il", List.of(make(IN, "v", 1L), make(IN))).check().toString());
    assertEquals("TypeCheck(FAILED): Out[il] failed: Element in InList failed check: In[v] failed: Unable to "
        + "interpolate: Cannot coerce 'abc' to Integer", make(OUT, "il", List.of(make(IN, "v", "abc"))).check().toString());
  }

  @Test
  void invalidRefsEscapeCheck() {
    assertThrows(Ref.InvalidRefError.class, () -> make(IN, "v", "{{ a }}").check());
  }

  @Test
  void equalityIgnoresClassNamesAndHashUsesRawValues() {
    StructType s1 = struct("S1", "a", INTEGER);
    StructType s2 = struct("S2", "a", INTEGER);
    assertEquals(make(s1, "a", 1L), make(s2, "a", 1L));
    assertEquals(make(RES, "cpu", 1L), make(RES, "cpu", "1"));
    assertNotEquals(make(RES, "cpu", 1L).hashCode(), make(RES, "cpu", "1").hashCode());
    assertNotEquals(make(s1, "a", 1L), make(struct("S3", "a", FLOAT), "a", 1L));
  }

  @Test
  void findDereferencesFieldsOnly() {
    StructValue out = make(OUT, "i", make(IN, "v", 3L));
    assertEquals(3L, ((PValue) out.find(Ref.parse("i.v"))).get());
    Namable.NamingError naming = assertThrows(Namable.NamingError.class, () -> out.find(Ref.parse("[0]")));
    assertEquals("Cannot dereference object Out by [0]", naming.getMessage());
    Namable.NotFound missing = assertThrows(Namable.NotFound.class, () -> out.find(Ref.parse("zz")));
    assertEquals("Could not find zz in object Out", missing.getMessage());
    assertThrows(Namable.NotFound.class, () -> out.find(Ref.parse("il")));
    Namable.Unnamable scalar = assertThrows(Namable.Unnamable.class, () -> out.find(Ref.parse("i.v.x")));
    assertEquals("Object is not indexable: Integer", scalar.getMessage());
  }

  @Test
  void defaultsReferringToSiblingsAndChildren() {
    StructType proc = struct("Proc", "name", STRING);
    StructType task = struct("Tsk", "name", FieldSpec.withDefault(STRING, "task-{{processes[0].name}}"),
        "processes", ListType.of(proc));
    StructType job = struct("Jb", "name", FieldSpec.withDefault(STRING, "{{task.name}}"), "task", task);
    StructValue j = make(job, "task", make(task, "processes", List.of(make(proc, "name", "p1"))));
    assertEquals("task-p1", j.field("name").get());
  }

  @Test
  void serializeSortsFieldsByName() {
    assertEquals(List.of("Struct", "Res", List.of(
            List.of("cpu", List.of(true, List.of(), true, List.of("Float"))),
            List.of("disk", List.of(false, 1024L, false, List.of("Integer"))),
            List.of("ram", List.of(false, List.of(), true, List.of("Integer"))))),
        RES.serialize());
  }

  @Test
  void typesAreNotMemoisedButInstancecheckIsStructural() {
    ListType a = ListType.of(INTEGER);
    ListType b = ListType.of(INTEGER);
    assertNotEquals(a, b);
    assertTrue(b.isInstance(a.create(List.of())));
    assertFalse(ListType.of(STRING).isInstance(a.create(List.of())));
  }
}
