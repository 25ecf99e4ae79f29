package dev.aurora.executor.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.executor.testing.TaskJson;
import dev.aurora.testing.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The assigned-task input contract: shapes, defaults, placement binding and errors that point at the field. */
class TaskReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void envelopeIsReadWithAuroraDefaultsForAbsentFields() throws Exception {
    String json = """
        {"taskId": "t-1", "instanceId": 3, "hostname": "host1", "ports": {"http": 31000}, "unknown": true,
         "job": {"name": "web", "role": "www", "environment": "prod", "cluster": "c", "tier": "preemptible",
                 "task": {"processes": [{"name": "p", "cmdline": "echo hi"}], "resources": {"cpu": 1, "ram": 1,
                          "disk": 100}}}}""";
    BoundTask task = TaskReader.readAssignedTask(json, "t.json");
    assertEquals("t-1", task.taskId());
    assertEquals(3, task.instanceId());
    assertEquals(Map.of("http", 31000), task.ports());
    ProcessConfig p = task.job().task().processes().get(0);
    assertEquals(1, p.maxFailures());
    assertEquals(5, p.minDuration());
    assertFalse(p.daemon());
    assertEquals(30, task.job().task().finalizationWait());
    assertEquals(15.0, task.job().healthCheckConfig().initialIntervalSecs());
    assertEquals("/health", task.job().healthCheckConfig().healthChecker().http().endpoint());
  }

  @Test
  void bareJobIsPlacedByBindingThePlacementReferences() throws Exception {
    String job = """
        {"name": "app", "role": "www-data", "environment": "prod", "cluster": "c",
         "task": {"processes": [{"name": "p", "cmdline": "--port={{thermos.ports[http]}} \
        --shard={{mesos.instance}} --host={{mesos.hostname}} --tid={{thermos.task_id}}"}]}}""";
    BoundTask task = TaskReader.readJob(job, "job.json",
        new Placement("www-data-prod-app-3-uuid", 3, "host1.example", Map.of("http", 31000)));
    assertEquals("--port=31000 --shard=3 --host=host1.example --tid=www-data-prod-app-3-uuid",
        task.job().task().processes().get(0).cmdline());
  }

  @Test
  void bareJobGetsATaskIdAndFreePortsWhenNotGiven() throws Exception {
    String job = """
        {"name": "app", "role": "www-data", "environment": "prod", "cluster": "c",
         "task": {"processes": [{"name": "p", "cmdline": "serve {{thermos.ports[http]}}"}]}}""";
    BoundTask task = TaskReader.readJob(job, "job.json", new Placement(null, 0, "h", Map.of()));
    assertTrue(task.taskId().startsWith("www-data-prod-app-0-"), task.taskId());
    int port = task.ports().get("http");
    assertEquals("serve " + port, task.job().task().processes().get(0).cmdline());
  }

  @Test
  void wrongTypeNamesFileLineAndField() {
    String json = TaskJson.task("bad").process("p", "true", p -> p.put("max_failures", "three")).json();
    int line = lineOf(json, "\"three\"");
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(json, "bad.json"));
    assertEquals("bad.json: line " + line + ": job.task.processes[0].max_failures: cannot read three as an integer",
        e.getMessage());
  }

  @Test
  void missingRequiredFieldNamesTheFieldAndTheLineOfItsObject() {
    String json = TaskJson.task("bad").process("p", "true").json().replace("\"cmdline\" : \"true\",", "");
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(json, "bad.json"));
    int line = lineOf(json, "\"name\" : \"p\"") - 1;
    assertEquals("bad.json: line " + line + ": job.task.processes[0].cmdline: required string is missing",
        e.getMessage());
  }

  @Test
  void malformedJsonNamesTheLine() {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask("{\n\"taskId\": \"x\",\n\"job\": {,}\n}", "broken.json"));
    assertTrue(e.getMessage().startsWith("broken.json: line 3: malformed JSON"), e.getMessage());
  }

  @Test
  void unassignedPortIsRefused() {
    String json = TaskJson.task("web").process("p", "serve {{thermos.ports[admin]}}").json();
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(json, "web.json"));
    assertTrue(e.getMessage().contains("Task requires unbound port admin!"), e.getMessage());
    assertTrue(e.getMessage().startsWith("web.json: line " + lineOf(json, "admin")), e.getMessage());
  }

  @Test
  void aPortmapAliasGetsThePortOfItsTarget() throws Exception {
    // Aurora's e2e http_example: portmap {'alias': 'http'}; the scheduler assigned only http.
    String json = TaskJson.task("web").process("p", "echo {{thermos.ports[http]}} {{thermos.ports[alias]}}")
        .portmap(Map.of("alias", "http")).ports(Map.of("http", 31000)).json();
    BoundTask task = TaskReader.readAssignedTask(json, "web.json");
    assertEquals("echo 31000 31000", task.job().task().processes().get(0).cmdline());
    assertEquals(Map.of("http", 31000, "alias", 31000), task.ports());
  }

  @Test
  void aliasChainsAreFollowedAndAssignedPortsWin() throws Exception {
    String json = TaskJson.task("web").process("p", "echo {{thermos.ports[aurora]}} {{thermos.ports[health]}}")
        .portmap(new java.util.TreeMap<>(Map.of("aurora", "https", "https", "http", "health", "http")))
        .ports(Map.of("http", 31000, "health", 31001)).json();
    BoundTask task = TaskReader.readAssignedTask(json, "web.json");
    assertEquals("echo 31000 31001", task.job().task().processes().get(0).cmdline());
    assertEquals(31000, task.ports().get("https"));
  }

  @Test
  void aStaticPortIsUsedAsThatNumber() throws Exception {
    String json = TaskJson.task("web").process("p", "serve {{thermos.ports[http]}} {{thermos.ports[aurora]}}")
        .portmap(Map.of("http", "8080", "aurora", "http")).json();
    BoundTask task = TaskReader.readAssignedTask(json, "web.json");
    assertEquals("serve 8080 8080", task.job().task().processes().get(0).cmdline());
    String numeric = json.replace("\"8080\"", "8080"); // a hand-written document may give the number as such
    assertEquals("serve 8080 8080",
        TaskReader.readAssignedTask(numeric, "web.json").job().task().processes().get(0).cmdline());
  }

  @Test
  void aPortmapCycleIsRefusedWithTheLineOfThePortmap() {
    String json = TaskJson.task("web").process("p", "serve {{thermos.ports[a]}}")
        .portmap(new java.util.TreeMap<>(Map.of("a", "b", "b", "a"))).json();
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(json, "web.json"));
    assertEquals("web.json: line " + lineOf(json, "\"portmap\"") + ": job.announce.portmap: Found cycle in portmap!"
        + " (a -> b -> a)", e.getMessage());
  }

  @Test
  void anAliasOfAPortNobodyAssignedIsAnUnboundPort() {
    String json = TaskJson.task("web").process("p", "serve {{thermos.ports[alias]}}")
        .portmap(Map.of("alias", "http")).json();
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(json, "web.json"));
    assertTrue(e.getMessage().contains("Task requires unbound port alias!"), e.getMessage());
  }

  @Test
  void aBareJobGetsFreePortsForWhatAuroraWouldRequestOnly() throws Exception {
    String job = """
        {"name": "app", "role": "www-data", "environment": "prod", "cluster": "c",
         "announce": {"primary_port": "http", "portmap": {"alias": "http"}},
         "task": {"processes": [{"name": "p", "cmdline": "{{thermos.ports[alias]}} {{thermos.ports[http]}}"}]}}""";
    BoundTask task = TaskReader.readJob(job, "job.json", new Placement(null, 0, "h", Map.of()));
    int http = task.ports().get("http");
    assertEquals(http + " " + http, task.job().task().processes().get(0).cmdline());
  }

  @Test
  void thermosPlanRulesAreChecked() {
    assertInvalid(TaskJson.task("t").process("a", "true").process("b", "true").order("a", "b").order("b", "a"),
        "Cycles detected in the task schedule!");
    assertInvalid(TaskJson.task("t").process("a", "true", p -> p.put("daemon", true)).process("b", "true")
        .order("a", "b"), "Process b may not depend upon daemon process a");
    assertInvalid(TaskJson.task("t").process("a", "true", p -> p.put("ephemeral", true)).process("b", "true")
        .order("a", "b"), "Non-ephemeral process b may not depend upon ephemeral process a");
    assertInvalid(TaskJson.task("t").process("a", "true").process("f", "true", p -> p.put("final", true))
        .order("a", "f"), "Invalid process dependencies! (mixes final and non-final)");
    assertInvalid(TaskJson.task("t").process("a", "true").order("a", "missing"),
        "Invalid process dependencies! (unknown process missing)");
    assertInvalid(TaskJson.task("t").process(".hidden", "true"), "Invalid process name: .hidden");
    assertInvalid(TaskJson.task("t").process("a", "true").process("a", "false"), "duplicate process name a");
  }

  @Test
  void constraintNamingOnlyUnknownProcessesIsIgnoredAsThermosDoes() throws Exception {
    String json = TaskJson.task("t").process("a", "true").order("x", "y").json();
    assertEquals(1, TaskReader.readAssignedTask(json, "t.json").job().task().processes().size());
  }

  @Test
  void everyJobOfTheConformanceCorpusReadsAsABareJob() throws Exception {
    Path expected = sharedExpected();
    List<String> read = new ArrayList<>();
    try (Stream<Path> files = Files.list(expected)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        for (JsonNode entry : JSON.readTree(file.toFile())) {
          if (entry.has("json") && entry.get("validate_error").isNull()) {
            BoundTask task = TaskReader.readJob(JSON.writeValueAsString(entry.get("json")), file.toString(),
                new Placement("id", 0, "localhost", Map.of()));
            assertFalse(task.job().task().processes().isEmpty());
            read.add(entry.get("name").asText());
          }
        }
      }
    }
    assertTrue(read.size() >= 8, "read " + read);
  }

  private static void assertInvalid(TaskJson task, String message) {
    InvalidTaskException e = assertThrows(InvalidTaskException.class,
        () -> TaskReader.readAssignedTask(task.json(), "t.json"));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().matches("t\\.json: line [1-9][0-9]*: job\\.task\\..*"), e.getMessage());
  }

  private static int lineOf(String text, String needle) {
    int at = text.indexOf(needle);
    return 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
  }

  /**
   * The corpus's expected/ directory in ../shared (the build passes its location). A plain clone has none: the test
   * is then reported as not run, or fails where CI sets {@code AURORA_SHARED_REQUIRED=true}.
   */
  static Path sharedExpected() {
    return SharedCorpus.examples().resolve("expected");
  }
}
