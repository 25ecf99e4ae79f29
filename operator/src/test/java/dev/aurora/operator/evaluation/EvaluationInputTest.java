package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationInputTest {
  private static final EvaluationInput BASE = new EvaluationInput("a.aurora", "jobs = []",
      Map.of("lib.aurora", "X = 1"), "c/r/e/n", List.of("x=1"), Map.of("USER", "jdoe"));

  @Test
  void theHashCoversEveryInputAndTheEvaluatorVersion() {
    String hash = BASE.contentHash("v1");
    assertEquals(hash, BASE.contentHash("v1"));
    assertNotEquals(hash, BASE.contentHash("v2"));
    assertNotEquals(hash, new EvaluationInput("b.aurora", BASE.source(), BASE.files(), BASE.jobKey(),
        BASE.bindings(), BASE.environment()).contentHash("v1"));
    assertNotEquals(hash, EvaluationInput.of("a.aurora", "jobs = [ ]").withFiles(BASE.files())
        .withJobKey("c/r/e/n").withBindings(List.of("x=1")).withEnvironment(BASE.environment()).contentHash("v1"));
    assertNotEquals(hash, BASE.withFiles(Map.of("lib.aurora", "X = 2")).contentHash("v1"));
    assertNotEquals(hash, BASE.withJobKey(null).contentHash("v1"));
    assertNotEquals(hash, BASE.withBindings(List.of("x=2")).contentHash("v1"));
    assertNotEquals(hash, BASE.withEnvironment(Map.of("USER", "other")).contentHash("v1"));
  }

  @Test
  void movingTextBetweenPartsChangesTheHash() {
    EvaluationInput one = EvaluationInput.of("a", "bc");
    EvaluationInput two = EvaluationInput.of("ab", "c");
    assertNotEquals(one.contentHash("v"), two.contentHash("v"));
    assertNotEquals(BASE.withBindings(List.of("a", "b")).contentHash("v"),
        BASE.withBindings(List.of("ab")).contentHash("v"));
  }

  @Test
  void mapOrderDoesNotMatter() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("b", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("b", "2");
    backward.put("a", "1");
    assertEquals(BASE.withEnvironment(forward).contentHash("v"), BASE.withEnvironment(backward).contentHash("v"));
  }

  @Test
  void limitsDescribeThemselvesAsErrorsQuoteThem() {
    assertEquals("10 s", EvaluationLimits.DEFAULTS.describeTime());
    assertEquals("1.5 s", EvaluationLimits.DEFAULTS.withTimeLimit(Duration.ofMillis(1500)).describeTime());
    assertEquals("4 MiB", EvaluationLimits.DEFAULTS.describeOutput());
    EvaluationLimits tight = EvaluationLimits.DEFAULTS.withTimeLimit(Duration.ofSeconds(1)).withMaxOutputBytes(2048);
    assertEquals(tight.withMemoryMegabytes(512), EvaluationLimits.DEFAULTS.withMemoryMegabytes(512).tightest(tight));
  }
}
