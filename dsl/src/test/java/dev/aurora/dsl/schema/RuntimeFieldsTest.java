package dev.aurora.dsl.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.pystachio.ChoiceType;
import dev.aurora.dsl.pystachio.FieldSpec;
import dev.aurora.dsl.pystachio.ListType;
import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every field a job can set has a listed run-time treatment, and the README's table is the list. */
class RuntimeFieldsTest {
  private static final String START = "<!-- aurora-fields-at-run-time:start -->";
  private static final String END = "<!-- aurora-fields-at-run-time:end -->";

  /** {@code Struct.field} for every field reachable from MesosJob, through lists, maps and choices. */
  static Set<String> schemaFields() {
    Set<String> fields = new LinkedHashSet<>();
    walk(AuroraSchema.MESOS_JOB, fields, new LinkedHashSet<>());
    return fields;
  }

  private static void walk(PType type, Set<String> fields, Set<String> seen) {
    if (type instanceof StructType struct) {
      if (!seen.add(struct.name())) {
        return;
      }
      for (Map.Entry<String, FieldSpec> field : struct.fields().entrySet()) {
        fields.add(struct.name() + "." + field.getKey());
        walk(field.getValue().type(), fields, seen);
      }
    } else if (type instanceof ListType list) {
      walk(list.elementType(), fields, seen);
    } else if (type instanceof MapType map) {
      walk(map.keyType(), fields, seen);
      walk(map.valueType(), fields, seen);
    } else if (type instanceof ChoiceType choice) {
      choice.alternatives().forEach(t -> walk(t, fields, seen));
    }
  }

  @Test
  void everySchemaFieldIsHonouredAllowedBySettingOrRefused() {
    Set<String> schema = schemaFields();
    Set<String> missing = new LinkedHashSet<>(schema);
    missing.removeAll(RuntimeFields.entries().keySet());
    assertEquals(Set.of(), missing, "schema fields with no run-time treatment in RuntimeFields");
    Set<String> stale = new LinkedHashSet<>(RuntimeFields.entries().keySet());
    stale.removeAll(schema);
    assertEquals(Set.of(), stale, "RuntimeFields lists fields the schema does not have");
    assertTrue(schema.size() > 100, "the walk reached the nested structs: " + schema.size());
  }

  @Test
  void aFieldAllowedBySettingNamesTheSetting() {
    for (RuntimeFields.Entry entry : RuntimeFields.entries().values()) {
      if (entry.treatment() == RuntimeFields.Treatment.ALLOWED_BY_SETTING) {
        assertNotNull(entry.setting(), entry.field());
      }
      assertTrue(!entry.what().isBlank(), entry.field());
    }
  }

  @Test
  void theReadmeTableIsTheList() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertTrue(start >= 0 && end > start, "README.md has the markers " + START + " and " + END);
    String table = text.substring(start + START.length(), end).strip() + "\n";
    Path expected = Path.of("target", "aurora-fields-at-run-time.md");
    Files.createDirectories(expected.getParent());
    Files.writeString(expected, RuntimeFields.markdownTable());
    assertEquals(RuntimeFields.markdownTable(), table,
        "README.md's table 'Aurora fields at run time' differs from RuntimeFields; the expected table is in "
            + expected.toAbsolutePath());
  }
}
