package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private static WorkerPool pool;

  @BeforeAll
  static void startPool() {
    pool = SandboxFixtures.startPool(1, SandboxFixtures.testLimits());
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Test
  void evaluatesHelloWorldInAWorker() {
    EvaluationOutcome outcome = pool.evaluate(SandboxFixtures.helloWorld());
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals(1, outcome.jobs().size());
    assertEquals("jdoe", outcome.jobs().get(0).key().role());
  }
}
