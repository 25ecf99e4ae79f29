package dev.aurora.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.dsl.conformance.JsonComparison;
import dev.aurora.testing.SharedCorpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code inspect} end to end: arguments, Aurora's human layout, {@code --json}, exit codes. */
class InspectCommandTest {
  record Run(int code, String out, String err) {}

  static Run inspect(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = InspectCommand.run(args, Map.of("USER", "jdoe"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String corpus(String name) {
    return SharedCorpus.examples().resolve(name).toString();
  }

  @Test
  void printsAurorasLayout() {
    Run run = inspect(corpus("cron_batch.aurora"), "cluster1/analytics/prod/nightly_report");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        Job level information
          name:       'nightly_report'
          role:       'analytics'
          cluster:    'cluster1'
          instances:  '1'
          cron:
            schedule: '15 2 * * *'
            policy:   'CANCEL_NEW'
          service:    False
          production: False

        Task level information
          name: 'nightly_report'
          constraints:
          report < publish

        Process 'report':
          cmdline:
            echo "report for prod by analytics on cluster1" > report.txt

        Process 'publish':
          cmdline:
            cat report.txt

        Process 'cleanup':
          final
          cmdline:
            rm -f report.txt

        """, run.out());
  }

  @Test
  void multiLineCommandsPrintOneLinePerLine() {
    Run run = inspect(corpus("thermos_profile.aurora"), "cluster1/www-data/test/profile_demo");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("""
        Process 'setup':
          cmdline:
            cat <<EOF > .thermos_profile
            export RESULT=hello
            EOF

        """), run.out());
  }

  @Test
  void jsonIsTheInterpolatedJobOfTheExpectedFiles() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode expected = mapper.readTree(SharedCorpus.examples().resolve("expected/tutorial_typical.json").toFile());
    String[] keys = {"cluster1/myteam/prod/application", "cluster2/myteam/prod/application",
        "cluster1/myteam/staging/application"};
    for (int i = 0; i < keys.length; i++) {
      Run run = inspect("--json", corpus("tutorial_typical.aurora"), keys[i]);
      assertEquals(0, run.code(), run.err());
      List<String> differences = JsonComparison.differences(expected.get(i).get("json"), mapper.readTree(run.out()), Set.of());
      assertEquals(List.of(), differences, keys[i]);
    }
  }

  @Test
  void bindingsReachTheOutput() {
    Run run = inspect("--bind", "release.version=9.9", "--bind=release.channel=edge", corpus("http_service.aurora"),
        "cluster1/www-data/prod/web");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("echo \"9.9/edge instance {{mesos.instance}}\""), run.out());
  }

  @Test
  void refusalsExitWithInvalidConfiguration() {
    Run notFound = inspect(corpus("tutorial_typical.aurora"), "cluster9/myteam/prod/application");
    assertEquals(3, notFound.code());
    assertTrue(notFound.err().startsWith("Error loading configuration: "), notFound.err());
    assertTrue(notFound.err().contains("Could not find job cluster9/myteam/prod/application"), notFound.err());

    Run several = inspect(corpus("tutorial_typical.aurora"));
    assertEquals(3, several.code());
    assertTrue(several.err().contains("Configuration has multiple jobs but no job name specified!"), several.err());

    Run syntax = inspect(corpus("invalid/syntax_error.aurora"));
    assertEquals(3, syntax.code());
    assertTrue(syntax.err().contains("syntax_error.aurora, line 2: SyntaxError: no viable alternative at input 'jobs'"),
        syntax.err());
  }

  @Test
  void badCommandLines() {
    assertEquals(5, inspect().code());
    assertEquals(5, inspect("--frobnicate", corpus("cron_batch.aurora")).code());
    assertEquals(6, inspect(corpus("cron_batch.aurora"), "not-a-key").code());
    assertEquals(3, inspect(Path.of("does/not/exist.aurora").toString()).code());
    Run help = inspect("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("takes the environment named in the job key"), help.out());
  }

  /** Every job of every valid corpus file goes through inspect by its own key. */
  @Test
  void everyCorpusJobInspects() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> failures = new ArrayList<>();
    for (String file : List.of("cron_batch", "hello_world", "hello_world_productionized", "ordering_and_combining",
        "templating", "thermos_profile", "tutorial_typical")) {
      for (JsonNode job : mapper.readTree(SharedCorpus.examples().resolve("expected/" + file + ".json").toFile())) {
        JsonNode json = job.get("json");
        String key = json.get("cluster").asText() + "/" + json.get("role").asText() + "/"
            + json.path("environment").asText("test") + "/" + json.get("name").asText();
        Run run = inspect(corpus(file + ".aurora"), key);
        if (run.code() != 0) {
          failures.add(file + " " + key + ": " + run.err());
        }
      }
    }
    assertEquals(List.of(), failures);
  }
}
