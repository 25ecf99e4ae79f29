package dev.aurora.dsl.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.ConfigException;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.JobEvaluation;
import dev.aurora.dsl.validate.CheckPath;
import dev.aurora.testing.SharedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the shared conformance corpus in place ({@code examples/} and {@code examples/invalid/}) and compares our
 * evaluation of every file with its expected file, under the rules of the corpus README.
 */
class ConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENVIRONMENT = Map.of("USER", "jdoe");
  private static final Pattern SYNTAX_LOCATION = Pattern.compile("\\((\\S+), line (\\d+)\\)\\s*$");

  @TestFactory
  Stream<DynamicTest> everyCorpusFileMatchesItsExpectation() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : List.of(SharedCorpus.examples(), SharedCorpus.examples().resolve("invalid"))) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(f -> f.toString().endsWith(".aurora")).sorted().forEach(file -> {
          String base = file.getFileName().toString().replace(".aurora", "");
          Path json = dir.resolve("expected").resolve(base + ".json");
          Path error = dir.resolve("expected").resolve(base + ".error.txt");
          if (Files.exists(json)) {
            tests.add(DynamicTest.dynamicTest(dir.relativize(file) + " jobs", () -> compareJobs(file, json)));
          } else if (Files.exists(error)) {
            tests.add(DynamicTest.dynamicTest(dir.relativize(file) + " error", () -> compareError(file, error)));
          } else {
            tests.add(DynamicTest.dynamicTest(file.toString(), () -> fail("no expected file for " + file)));
          }
        });
      }
    }
    return tests.stream();
  }

  @Test
  void theCorpusIsWhereTheReadmeSaysAndComplete() throws IOException {
    try (Stream<Path> files = Files.walk(SharedCorpus.examples())) {
      assertTrue(files.filter(f -> f.toString().endsWith(".aurora")).count() >= 15,
          "expected the full corpus under " + SharedCorpus.examples());
    }
  }

  private static void compareJobs(Path file, Path expectedFile) throws IOException {
    JsonNode expected = JSON.readTree(expectedFile.toFile());
    List<JobEvaluation> actual = AuroraConfigEvaluator.evaluateEach(EvaluationRequest.ofFile(file.toString(), ENVIRONMENT));
    assertEquals(expected.size(), actual.size(), "number of jobs");
    String source = Files.readString(file);
    Set<String> unordered = source.contains("concat") || source.contains("combine")
        ? Set.of(".task.processes", ".task.constraints") : Set.of();
    for (int i = 0; i < actual.size(); i++) {
      JsonNode want = expected.get(i);
      JobEvaluation got = actual.get(i);
      String where = file.getFileName() + " job " + i + ": ";
      assertEquals(want.get("name").asText(), got.name(), where + "name");
      assertCheck(where, want.get("check").asText(), got.check());
      if (want.has("error")) {
        assertEquals(want.get("error").asText(), got.error(), where + "error");
      } else {
        assertEquals(null, got.error(), where + "error");
        List<String> differences = JsonComparison.differences(want.get("json"), got.json(), unordered);
        assertTrue(differences.isEmpty(), where + "json differs: " + differences);
        assertEquals(textSet(want.get("unbound_refs")), new HashSet<>(got.unboundRefs()), where + "unbound_refs");
        assertEquals(textSet(want.get("aurora_unbound_refs")), new HashSet<>(got.auroraUnboundRefs()),
            where + "aurora_unbound_refs");
      }
      JsonNode validateError = want.get("validate_error");
      assertEquals(validateError == null || validateError.isNull() ? null : validateError.asText(),
          got.validateError(), where + "validate_error");
    }
  }

  /** Same verdict; for a failure the same field path and the same reason (the text after the path). */
  private static void assertCheck(String where, String expected, String actual) {
    assertEquals(expected.startsWith("TypeCheck(OK)"), actual.startsWith("TypeCheck(OK)"), where + actual);
    if (!expected.startsWith("TypeCheck(OK)")) {
      assertEquals(CheckPath.of(expected), CheckPath.of(actual), where + "check path of " + actual);
      assertEquals(reason(expected), reason(actual), where + "check reason");
    }
  }

  private static String reason(String check) {
    int failed = check.lastIndexOf("failed: ");
    return failed < 0 ? check.substring(check.lastIndexOf(']') + 1) : check.substring(failed + 8);
  }

  private static void compareError(Path file, Path expectedFile) throws IOException {
    String expected = Files.readString(expectedFile).trim();
    ConfigException thrown = assertThrows(ConfigException.class,
        () -> AuroraConfigEvaluator.evaluateEach(EvaluationRequest.ofFile(file.toString(), ENVIRONMENT)));
    ConfigError error = thrown.error();
    assertEquals(file.getFileName().toString(), Path.of(error.file()).getFileName().toString(), "file");
    assertTrue(error.line() > 0, "a line number: " + error);
    Matcher location = SYNTAX_LOCATION.matcher(expected);
    String core = expected;
    if (location.find()) {
      assertEquals(Integer.parseInt(location.group(2)), error.line(), "line of " + error.render());
      core = expected.substring(0, location.start()).trim();
    }
    String reason = core.substring(core.indexOf(": ") + 2);
    assertTrue(error.message().contains(reason), "'" + error.message() + "' should contain '" + reason + "'");
    assertFalse(error.message().contains("\n"), "one paragraph: " + error.message());
    assertNotNull(error.render());
  }

  private static Set<String> textSet(JsonNode array) {
    Set<String> out = new HashSet<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
