package dev.aurora.operator.argocd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Argo CD health script ({@code charts/aurora-operator/argocd/health.lua}) run by gopher-lua, Argo CD's Lua, over
 * AuroraJob objects: each {@code src/test/resources/argocd/NAME.json} is a whole AuroraJob as the API server returns
 * it, and {@code NAME.expected} holds the health status on its first line and, optionally, the exact message on its
 * second. Objects recorded from real runs can be dropped in the same way.
 */
class HealthScriptTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path root;
  private static Path runner;
  private static Path script;

  @BeforeAll
  static void buildRunner() throws IOException, InterruptedException {
    root = ControlPlaneBinaries.repositoryRoot();
    script = root.resolve("charts/aurora-operator/argocd/health.lua");
    // The project's script builds the runner once (cached); afterwards it only prints the path.
    Process install = new ProcessBuilder(root.resolve("bin/install-test-tools").toString(), "lua-health")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, install.waitFor(), "bin/install-test-tools lua-health failed");
    List<String> lines = out.lines().toList();
    runner = Path.of(lines.get(lines.size() - 1));
    assertTrue(Files.isExecutable(runner), runner + " is not executable");
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureGetsItsExpectedHealth() {
    List<Path> fixtures = fixtures();
    return fixtures.stream().map(fixture -> DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> {
      List<String> expected = Files.readAllLines(sibling(fixture, ".expected"), StandardCharsets.UTF_8);
      JsonNode health = health(script, fixture);
      assertEquals(expected.get(0).strip(), health.get("status").asText(), health.toString());
      if (expected.size() > 1 && !expected.get(1).isBlank()) {
        assertEquals(expected.get(1), health.get("message").asText());
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureIsAnAuroraJobInTheShapeTheStatusTypesSerializeTo() {
    return fixtures().stream().map(fixture -> DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> {
      JsonNode object = JSON.readTree(fixture.toFile());
      AuroraJob job = Serialization.unmarshal(Files.readString(fixture), AuroraJob.class);
      assertEquals("AuroraJob", job.getKind());
      assertTrue(job.getMetadata().getGeneration() != null && job.getMetadata().getGeneration() > 0);
      assertTrue(job.getSpec() != null && !job.getSpec().getSource().isEmpty());
      if (object.has("status")) {
        // A plain mapper refuses unknown fields: every field of the fixture's status exists in the Java types, and
        // writing the typed status out again gives the same JSON.
        AuroraJobStatus status = JSON.treeToValue(object.get("status"), AuroraJobStatus.class);
        assertEquals(object.get("status"), JSON.readTree(JSON.writeValueAsString(status)));
      }
    }));
  }

  @Test
  void theFixturesCoverEachHealthTheScriptGives() throws IOException {
    Set<String> statuses = new TreeSet<>();
    for (Path fixture : fixtures()) {
      statuses.add(Files.readAllLines(sibling(fixture, ".expected")).get(0).strip());
    }
    assertTrue(statuses.containsAll(Set.of("Healthy", "Progressing", "Degraded", "Suspended")), statuses.toString());
  }

  @Test
  void theRunnerFailsOnAScriptArgoCdWouldReject(@TempDir Path dir) throws IOException, InterruptedException {
    Path fixture = fixtures().get(0);
    Path bogus = dir.resolve("bogus.lua");
    Files.writeString(bogus, "hs = {}\nhs.status = 'Fine'\nreturn hs\n");
    assertNotEquals(0, run(bogus, fixture).exitCode);
    Path broken = dir.resolve("broken.lua");
    Files.writeString(broken, "hs = {}\nhs.status = obj.no.such.field\nreturn hs\n");
    assertNotEquals(0, run(broken, fixture).exitCode);
    // The object really is the global `obj`, converted to Lua tables (arrays from 1, numbers as numbers).
    Path echo = dir.resolve("echo.lua");
    Files.writeString(echo, "hs = {}\nhs.status = 'Healthy'\n"
        + "hs.message = obj.kind .. ' ' .. tostring(obj.metadata.generation + 1) .. ' ' .. tostring(#obj.spec.job)\n"
        + "return hs\n");
    JsonNode object = JSON.readTree(fixture.toFile());
    assertEquals("AuroraJob " + (object.at("/metadata/generation").asLong() + 1) + " "
        + object.at("/spec/job").asText().length(), health(echo, fixture).get("message").asText());
  }

  @Test
  void theScriptIsArgoCdsResourceCustomizationForm() throws IOException {
    String text = Files.readString(script);
    assertTrue(text.lines().anyMatch(l -> l.equals("hs = {}")), "the script starts its result as hs = {}");
    assertTrue(text.strip().endsWith("return hs"));
    assertFalse(text.contains("require"), "Argo CD scripts cannot load modules");
  }

  private static JsonNode health(Path lua, Path fixture) throws IOException, InterruptedException {
    Result result = run(lua, fixture);
    assertEquals(0, result.exitCode, () -> fixture + ": " + result.stderr);
    return JSON.readTree(result.stdout);
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(Path lua, Path fixture) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(runner.toString(), lua.toString(), fixture.toString()).start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), stdout, stderr);
  }

  private static List<Path> fixtures() {
    try {
      Path dir = Path.of(HealthScriptTest.class.getResource("/argocd").toURI());
      List<Path> out = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(out::add);
      }
      assertFalse(out.isEmpty(), "no fixtures under " + dir);
      return out;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path sibling(Path fixture, String extension) {
    String name = fixture.getFileName().toString();
    return fixture.resolveSibling(name.substring(0, name.length() - ".json".length()) + extension);
  }
}
