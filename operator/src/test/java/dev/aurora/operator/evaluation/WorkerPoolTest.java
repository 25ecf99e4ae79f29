package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pool's own mechanics: lending, replacing killed workers, recycling old ones, closing. */
class WorkerPoolTest {

  @Test
  void aKilledWorkerIsReplacedAndRecycledOnesToo() throws Exception {
    PoolSettings settings = PoolSettings.defaults().withSize(1).withEvaluationsPerWorker(2)
        .withLimits(SandboxFixtures.testLimits().withTimeLimit(Duration.ofSeconds(2)));
    List<Long> before;
    WorkerPool closedPool;
    try (WorkerPool pool = WorkerPool.start(settings)) {
      closedPool = pool;
      assertTrue(pool.awaitWarm(Duration.ofSeconds(120)));
      before = pool.workerPids();
      assertEquals(1, before.size());

      EvaluationOutcome hello = pool.evaluate(SandboxFixtures.helloWorld());
      assertTrue(hello.ok(), () -> hello.failure().render());
      assertEquals("jdoe", hello.jobs().get(0).key().role());
      assertEquals(before, pool.workerPids(), "a healthy worker goes back to the pool");

      assertEquals(Kind.TIME_LIMIT, pool.evaluate(SandboxFixtures.hostile("infinite_loop.aurora")).failure().kind());
      assertTrue(pool.awaitWarm(Duration.ofSeconds(120)));
      List<Long> replaced = pool.workerPids();
      assertEquals(1, replaced.size());
      assertFalse(replaced.equals(before), "the looping worker must have been replaced");
      assertFalse(ProcessHandle.of(before.get(0)).map(ProcessHandle::isAlive).orElse(false));

      // evaluationsPerWorker = 2: the replacement serves two evaluations, then a fresh worker takes over.
      assertTrue(pool.evaluate(SandboxFixtures.helloWorld()).ok());
      assertTrue(pool.evaluate(SandboxFixtures.helloWorld()).ok());
      assertTrue(pool.awaitWarm(Duration.ofSeconds(120)));
      assertEquals(3, pool.workersStarted());
      assertEquals(4, pool.evaluations());
      before = pool.workerPids();
    }
    assertFalse(ProcessHandle.of(before.get(0)).map(ProcessHandle::isAlive).orElse(false),
        "closing the pool kills its workers");
    EvaluationFailure afterClose = closedPool.evaluate(SandboxFixtures.helloWorld()).failure();
    assertEquals(EvaluationFailure.of(Kind.WORKER_FAILURE, "the evaluator pool is closed"), afterClose);
  }
}
