package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every file of the shared conformance corpus gives through the sandbox exactly what in-process evaluation gives. */
class ConformanceThroughSandboxTest {
  private static WorkerPool pool;

  @BeforeAll
  static void startPool() {
    pool = SandboxFixtures.startPool(2, SandboxFixtures.testLimits());
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Test
  void validAndInvalidCorpusFilesMatchInProcessEvaluation() throws IOException {
    Path examples = SandboxFixtures.sharedExamples();
    List<Path> files;
    try (Stream<Path> valid = Files.list(examples); Stream<Path> invalid = Files.list(examples.resolve("invalid"))) {
      files = Stream.concat(valid, invalid).filter(p -> p.toString().endsWith(".aurora")).sorted().toList();
    }
    assertTrue(files.size() >= 10, "the corpus went missing: " + files);
    int succeeded = 0;
    for (Path file : files) {
      EvaluationInput input = EvaluationInput.of(file.getFileName().toString(), SandboxFixtures.read(file))
          .withEnvironment(SandboxFixtures.CORPUS_ENVIRONMENT);
      // Every job of the file, then each job by its key, so multi-job files are covered both ways.
      EvaluationResult direct = AuroraConfigEvaluator.evaluate(DslEvaluation.toDslRequest(input));
      assertSame(file, direct, pool.evaluate(input));
      if (direct.ok()) {
        succeeded++;
        for (var job : direct.jobs()) {
          EvaluationInput byKey = input.withJobKey(job.key().toString());
          assertSame(file, AuroraConfigEvaluator.evaluate(DslEvaluation.toDslRequest(byKey)), pool.evaluate(byKey));
        }
      }
    }
    assertTrue(succeeded >= 5, "too few corpus files evaluate at all: " + succeeded);
  }

  private static void assertSame(Path file, EvaluationResult direct, EvaluationOutcome sandboxed) {
    if (direct.ok()) {
      assertTrue(sandboxed.ok(), () -> file + ": in process ok, sandboxed " + sandboxed.failure().render());
      assertEquals(direct.jobs(), sandboxed.jobs(), file.toString());
    } else {
      assertFalse(sandboxed.ok(), file + ": in process failed, sandboxed succeeded");
      EvaluationFailure failure = sandboxed.failure();
      assertEquals(Kind.INVALID_CONFIG, failure.kind(), failure::render);
      assertEquals(direct.error().file(), failure.file(), file.toString());
      assertEquals(direct.error().line(), failure.line(), file.toString());
      assertEquals(direct.error().fieldPath(), failure.field(), file.toString());
      assertEquals(direct.error().message(), failure.message(), file.toString());
    }
  }
}
