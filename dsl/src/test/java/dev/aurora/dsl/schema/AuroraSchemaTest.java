package dev.aurora.dsl.schema;

import static dev.aurora.dsl.schema.AuroraSchema.MESOS_JOB;
import static dev.aurora.dsl.schema.ThermosSchema.MB;
import static dev.aurora.dsl.schema.ThermosSchema.PROCESS;
import static dev.aurora.dsl.schema.ThermosSchema.RESOURCES;
import static dev.aurora.dsl.schema.ThermosSchema.TASK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.dsl.pystachio.FieldSpec;
import dev.aurora.dsl.pystachio.Interpolation;
import dev.aurora.dsl.pystachio.ListType;
import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.ScalarType;
import dev.aurora.dsl.pystachio.StructType;
import dev.aurora.dsl.pystachio.StructValue;
import dev.aurora.testing.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema's defaults must serialize exactly as Aurora's loader did (the corpus under ../shared/examples). */
class AuroraSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static StructValue struct(StructType type, Map<String, ?> kw) {
    return type.construct(List.of(), kw);
  }

  private static JsonNode expectedJob(String file, int index) throws IOException {
    return JSON.readTree(Files.readString(SharedCorpus.examples().resolve("expected").resolve(file))).get(index);
  }

  @Test
  void helloWorldWithOnlyRequiredFieldsDumpsEveryDefault() throws IOException {
    StructValue process = struct(PROCESS, Map.of("name", "hello_world", "cmdline", "echo hello world"));
    StructValue task = struct(TASK, Map.of(
        "resources", struct(RESOURCES, Map.of("cpu", 0.1, "ram", 16 * MB, "disk", 16 * MB)),
        "processes", List.of(process)));
    StructValue job = struct(MESOS_JOB, Map.of("cluster", "cluster1", "role", "jdoe", "task", task));

    JsonNode expected = expectedJob("hello_world.json", 0);
    assertEquals(expected.get("json"), job.toJson());
    assertEquals(expected.get("check").asText(), job.check().toString());
    assertEquals(List.of(), job.interpolate().unbound());
  }

  @Test
  void templatingExampleResolvesStructBindingsListsAndMaps() throws IOException {
    Map<String, FieldSpec> endpointFields = new LinkedHashMap<>();
    endpointFields.put("host", FieldSpec.withDefault(ScalarType.STRING, "localhost"));
    endpointFields.put("port", FieldSpec.withDefault(ScalarType.INTEGER, 8080L));
    StructType endpoint = StructType.define("Endpoint", endpointFields);
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    fields.put("name", FieldSpec.required(ScalarType.STRING));
    fields.put("replicas", FieldSpec.withDefault(ScalarType.INTEGER, 2L));
    fields.put("heap_mb", FieldSpec.withDefault(ScalarType.INTEGER, 256L));
    fields.put("flags", FieldSpec.withDefault(ListType.of(ScalarType.STRING), List.of("-server")));
    fields.put("upstreams", FieldSpec.withDefault(MapType.of(ScalarType.STRING, endpoint), Map.of()));
    fields.put("label", FieldSpec.withDefault(ScalarType.STRING, "{{name}}-x{{replicas}}"));
    StructType settings = StructType.define("Settings", fields);

    StructValue worker = struct(PROCESS, Map.of("name", "worker", "cmdline",
        "run --label={{settings.label}} --heap={{settings.heap_mb}}m --first-flag={{settings.flags[0]}} "
            + "--db={{settings.upstreams[db].host}}:{{settings.upstreams[db].port}} --zone={{zone}}"));
    StructValue task = struct(TASK, Map.of("name", "worker", "processes", List.of(worker),
        "resources", struct(RESOURCES, Map.of("cpu", "{{cpus}}", "ram", "{{settings.heap_mb}}000000", "disk", 64 * MB))));
    StructValue base = struct(MESOS_JOB, Map.of("role", "batch", "environment", "devel",
        "name", "{{settings.name}}", "instances", "{{settings.replicas}}", "task", task));
    StructValue small = struct(settings, Map.of("name", "small",
        "upstreams", Map.of("db", struct(endpoint, Map.of("host", "db-1")))));
    StructValue large = struct(settings, Map.of("name", "large", "replicas", 5L, "heap_mb", 1024L,
        "flags", List.of("-client", "-verbose"),
        "upstreams", Map.of("db", struct(endpoint, Map.of("host", "db-2", "port", 5432L)))));

    PValue job0 = base.copyWith(Map.of("cluster", "cluster1"))
        .bind(Map.of("settings", small, "zone", "us-east", "cpus", 0.5));
    PValue job1 = base.copyWith(Map.of("cluster", "cluster1"))
        .bind(Map.of("settings", large)).bind(Map.of("zone", "eu-west", "cpus", 2L));

    assertEquals(expectedJob("templating.json", 0).get("json"), job0.toJson());
    assertEquals(expectedJob("templating.json", 1).get("json"), job1.toJson());
    assertEquals("TypeCheck(OK)", job0.check().toString());
    assertEquals("TypeCheck(OK)", job1.check().toString());
  }

  @Test
  void jobIsMesosJobAndServiceIsAServiceTemplate() {
    assertSame(AuroraSchema.type("Job"), AuroraSchema.type("MesosJob"));
    StructValue service = (StructValue) AuroraSchema.globals().get("Service");
    assertEquals(Boolean.TRUE, service.field("service").get());
    assertEquals(1024L, AuroraSchema.globals().get("KB"));
    assertEquals(1024L * 1024 * 1024 * 1024, AuroraSchema.globals().get("TB"));
  }

  @Test
  void emptyJobReportsClusterFirstAsJythonDictOrderDoes() {
    StructValue job = struct(MESOS_JOB, Map.of());
    assertEquals("TypeCheck(FAILED): MesosJob[cluster] is required.", job.check().toString());
    StructValue noRole = struct(MESOS_JOB, Map.of("cluster", "c", "environment", "e"));
    assertEquals("TypeCheck(FAILED): MesosJob[role] is required.", noRole.check().toString());
  }

  @Test
  void nestedCheckFailureNamesThePath() {
    StructValue task = struct(TASK, Map.of("name", "t",
        "processes", List.of(struct(PROCESS, Map.of("name", "p", "cmdline", "true"))),
        "resources", struct(RESOURCES, Map.of("cpu", "lots", "ram", MB, "disk", MB))));
    StructValue job = struct(MESOS_JOB, Map.of("cluster", "c", "role", "r", "environment", "test", "task", task));
    assertEquals("TypeCheck(FAILED): MesosJob[task] failed: Task[resources] failed: Resources[cpu] failed: "
        + "Unable to interpolate: Cannot coerce 'lots' to Float", job.check().toString());
  }

  @Test
  void unboundInstancesFailsAsAnIntegerAndIsReported() {
    StructValue task = struct(TASK, Map.of("name", "t",
        "processes", List.of(struct(PROCESS, Map.of("name", "p", "cmdline", "true"))),
        "resources", struct(RESOURCES, Map.of("cpu", 1.0, "ram", MB, "disk", MB))));
    StructValue job = struct(MESOS_JOB, Map.of("cluster", "c", "role", "r", "environment", "test",
        "instances", "{{replicas}}", "task", task));
    Interpolation i = job.interpolate();
    assertEquals("[{{replicas}}]", i.unbound().toString());
    assertEquals("TypeCheck(FAILED): MesosJob[instances] failed: u'{{replicas}}' not an integer",
        job.check().toString());
    assertFalse(job.check().ok());
    assertTrue(struct(PROCESS, Map.of("name", "p", "cmdline", "{{x}}")).check().ok());
  }
}
