package dev.aurora.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.loader.JobKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt tells a new user how to apply a first job; that job must be one the operator accepts. helm template does
 * not render NOTES.txt, so a copy of the chart renders it as the value of an ordinary template.
 */
class ChartNotesTest {
  static HelmBinary helm;

  @BeforeAll
  static void buildHelm() {
    helm = HelmBinary.ensureInstalled();
  }

  static String notes(String... flags) throws IOException {
    Path copy = Files.createTempDirectory("aurora-chart-notes-");
    try {
      Path chart = copy.resolve("aurora-operator");
      try (Stream<Path> files = Files.walk(HelmBinary.chartDir())) {
        for (Path source : files.toList()) {
          Path target = chart.resolve(HelmBinary.chartDir().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      Files.move(chart.resolve("templates/NOTES.txt"), chart.resolve("notes.txt"));
      Files.writeString(chart.resolve("templates/notes.yaml"),
          "notes: {{ tpl (.Files.Get \"notes.txt\") . | toJson }}\n");
      List<String> args = new ArrayList<>(List.of("template", "aurora", chart.toString(),
          "--namespace", "aurora-system", "--show-only", "templates/notes.yaml"));
      args.addAll(List.of(flags));
      CommandResult result = helm.run(args.toArray(String[]::new));
      assertEquals(0, result.exitCode(), result.stderr());
      return RenderedChart.parse(result.stdout()).documents().get(0).path("notes").asText();
    } finally {
      try (Stream<Path> files = Files.walk(copy)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void theFirstJobInTheNotesIsAValidAuroraJobForTheCluster() throws IOException {
    String notes = notes("--set", "mesos.master=zk://zk:2181/mesos", "--set", "clusterName=west");
    int start = notes.indexOf("  apiVersion: aurora.dev/v1alpha1");
    int end = notes.indexOf("\n\n", start);
    assertTrue(start >= 0 && end > start, notes);
    JsonNode job = new YAMLMapper().readTree(notes.substring(start, end));
    assertEquals("AuroraJob", job.path("kind").asText());
    assertEquals("demo", job.path("metadata").path("namespace").asText());
    String key = job.path("spec").path("job").asText();
    assertEquals("west/demo/test/hello_world", key);

    EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("hello_world.aurora",
        Map.of("hello_world.aurora", job.path("spec").path("source").asText()), Map.of("USER", "demo"), List.of(),
        JobKey.parse(key)));
    assertTrue(result.ok(), () -> String.valueOf(result.error()));
    assertEquals(1, result.jobs().size());

    assertTrue(notes.contains("kubectl apply --server-side -f hello-world.yaml"), notes);
    assertTrue(notes.contains("kubectl get aj -n demo"), notes);
    assertTrue(notes.contains("deploy/aurora-aurora-operator -c operator"), notes);
  }

  @Test
  void theNotesSayWhatIsWatchedAndWhichRolesEachNamespaceMayUse() throws IOException {
    String defaults = notes("--set", "mesos.master=zk://zk:2181/mesos");
    assertTrue(defaults.contains("Watched namespaces: all."), defaults);
    assertTrue(defaults.contains("each namespace may use the role equal to its own name"), defaults);
    String scoped = notes("--set", "mesos.master=zk://zk:2181/mesos", "--set", "watchNamespaces={a,b}",
        "--set-json", "namespaceRoles={\"a\":[\"www\"]}");
    assertTrue(scoped.contains("Watched namespaces: a, b."), scoped);
    assertTrue(scoped.contains("Roles per namespace: a=www."), scoped);
  }
}
