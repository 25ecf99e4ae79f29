package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.INTEGER;
import static dev.aurora.dsl.pystachio.P.STRING;
import static dev.aurora.dsl.pystachio.P.make;
import static dev.aurora.dsl.pystachio.P.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurora.dsl.schema.AuroraSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PYSTACHIO.md §4 json_loads, and the JSON round trip the executor relies on. */
class JsonLoaderTest {
  private static final StructType IN = struct("In", "v", INTEGER);
  private static final StructType OUT = struct("Out", "name", STRING, "i", IN, "il", ListType.of(IN));

  @Test
  void nonStrictDropsUnknownKeysOfStructFields() {
    PValue v = JsonLoader.load(OUT, "{\"name\": \"n\", \"bogus\": 1, \"i\": {\"v\": 2, \"w\": 3}}", false);
    assertEquals(make(OUT, "name", "n", "i", make(IN, "v", 2L)), v);
  }

  @Test
  void strictRaisesAndListsAreNeverPruned() {
    assertThrows(UnknownAttributeError.class, () -> JsonLoader.load(OUT, "{\"bogus\": 1}", true));
    assertThrows(UnknownAttributeError.class, () -> JsonLoader.load(OUT, "{\"il\": [{\"w\": 1}]}", false));
  }

  @Test
  void badValuesLoadButFailCheck() {
    PValue v = JsonLoader.load(IN, "{\"v\": \"abc\"}", true);
    assertFalse(v.check().ok());
  }

  @Test
  void jobJsonRoundTrips() {
    StructValue job = (StructValue) AuroraSchema.SERVICE.copyWith(P.kw("role", "r", "cluster", "c",
        "environment", "prod", "task", make((StructType) AuroraSchema.type("Task"), "name", "t",
            "processes", List.of(make((StructType) AuroraSchema.type("Process"), "name", "p", "cmdline", "x")))));
    PValue loaded = JsonLoader.load(AuroraSchema.MESOS_JOB, job.toJson().toString(), true);
    assertEquals(job.toJson(), loaded.toJson());
    assertEquals(job, loaded);
  }
}
