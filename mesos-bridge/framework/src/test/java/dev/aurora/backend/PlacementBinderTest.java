package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PlacementBinderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PlacementBinder.Placement placement =
      new PlacementBinder.Placement(3, "host1.example", "www-data-prod-app-3-uuid", Map.of("http", 31000));

  @Test
  void bindsEveryPlacementReferenceLikeAuroraDoes() {
    String bound = PlacementBinder.bind(
        "--port={{thermos.ports[http]}} --shard={{mesos.instance}} --host={{mesos.hostname}} --tid={{thermos.task_id}}",
        placement);
    assertEquals("--port=31000 --shard=3 --host=host1.example --tid=www-data-prod-app-3-uuid", bound);
  }

  @Test
  void leavesOtherMustachesEscapesAndUnassignedPortsAlone() {
    assertEquals("{{profile.x}} {{&mesos.instance}} {{thermos.ports[admin]}} {{ mesos.instance }}",
        PlacementBinder.bind("{{profile.x}} {{&mesos.instance}} {{thermos.ports[admin]}} {{ mesos.instance }}",
            placement));
  }

  @Test
  void bindsStringsAtAnyDepthWithoutTouchingTheInput() throws Exception {
    JsonNode job = JSON.readTree(
        "{\"task\":{\"processes\":[{\"cmdline\":\"serve {{thermos.ports[http]}}\",\"max_failures\":1}]},"
            + "\"name\":\"{{mesos.hostname}}\",\"n\":1.5}");
    JsonNode bound = PlacementBinder.bind(job, placement);
    assertEquals("serve 31000", bound.at("/task/processes/0/cmdline").asText());
    assertEquals("host1.example", bound.get("name").asText());
    assertEquals(1, bound.at("/task/processes/0/max_failures").asInt());
    assertEquals(1.5, bound.get("n").asDouble());
    assertEquals("serve {{thermos.ports[http]}}", job.at("/task/processes/0/cmdline").asText());
    assertNotSame(job, bound);
  }

  @Test
  void findsPortsOfTheHttpServiceExample() throws Exception {
    JsonNode job = expectedJob("http_service");
    assertEquals(List.of("http"), PlacementBinder.referencedPorts(job));
    TaskResources resources = TaskResources.fromJob(job);
    assertEquals(new TaskResources(0.5, 128, 64, List.of("http")), resources);
  }

  @Test
  void portmapKeysCountAsRequestedPorts() throws Exception {
    JsonNode job = JSON.readTree("{\"announce\":{\"portmap\":{\"aurora\":\"http\",\"health\":\"http\"}},"
        + "\"task\":{\"x\":\"{{thermos.ports[http]}}\"}}");
    assertEquals(List.of("http", "aurora", "health"), PlacementBinder.referencedPorts(job));
  }

  static JsonNode expectedJob(String example) throws Exception {
    Path file = sharedExpected().resolve(example + ".json");
    return JSON.readTree(file.toFile()).get(0).get("json");
  }

  /**
   * The corpus's expected/ directory in ../shared (the build passes its location). A plain clone has none: the test
   * is then reported as not run, or fails where CI sets {@code AURORA_SHARED_REQUIRED=true}.
   */
  static Path sharedExpected() {
    Path dir = Path.of(System.getProperty("aurora.shared.dir", "../../../shared"), "examples", "expected");
    if (!Files.isDirectory(dir)) {
      String reason = "needs the shared corpus (../shared/examples beside the repository, or "
          + "-Daurora.shared.dir), not found at " + dir.toAbsolutePath().normalize();
      if (Boolean.parseBoolean(System.getenv("AURORA_SHARED_REQUIRED"))) {
        return Assertions.fail(reason + " and AURORA_SHARED_REQUIRED is set");
      }
      // Surefire counts an aborted test as skipped but does not say why: one line per test that did not run.
    // The test is the outermost frame of a *Test class (helpers of the test class sit above it).
    StackWalker.getInstance().walk(frames -> frames.filter(f -> f.getClassName().endsWith("Test")
        && !f.getClassName().startsWith("org.junit")).reduce((inner, outer) -> outer)).ifPresent(caller ->
        System.out.println("[not run] " + caller.getClassName() + "." + caller.getMethodName() + ": " + reason));
    return Assumptions.abort(reason);
    }
    return dir;
  }
}
