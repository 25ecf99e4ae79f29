package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrency, the result cache and the worker's environment, through one pool of two real workers. */
class SandboxedEvaluationTest {
  private static WorkerPool pool;

  @BeforeAll
  static void startPool() {
    pool = SandboxFixtures.startPool(2, SandboxFixtures.testLimits().withTimeLimit(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Test
  void fiftyParallelEvaluationsWithHostileOnesMixedIn() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      List<Future<EvaluationOutcome>> results = new ArrayList<>();
      List<String> hostile = List.of("infinite_loop.aurora", "memory_bomb.aurora", "import_java.aurora",
          "deep_recursion.aurora");
      for (int i = 0; i < 50; i++) {
        EvaluationInput input = i % 12 == 5
            ? SandboxFixtures.hostile(hostile.get(i / 12))
            : SandboxFixtures.helloWorld().withEnvironment(Map.of("USER", "user" + i))
                .withJobKey("cluster1/user" + i + "/test/hello_world");
        results.add(callers.submit(() -> pool.evaluate(input)));
      }
      int benign = 0;
      for (int i = 0; i < 50; i++) {
        EvaluationOutcome outcome = results.get(i).get();
        if (i % 12 == 5) {
          assertFalse(outcome.ok(), "hostile case " + i + " was accepted");
          continue;
        }
        benign++;
        int caller = i;
        assertTrue(outcome.ok(), () -> "benign evaluation " + caller + ": " + outcome.failure().render());
        assertEquals("user" + i, outcome.jobs().get(0).key().role(), "results were mixed up between requests");
        assertEquals("echo hello world", outcome.jobs().get(0).task().processes().get(0).cmdline());
      }
      assertEquals(46, benign);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void anUnchangedInputIsEvaluatedOnce() {
    try (CachingEvaluator cache = new CachingEvaluator(new Unclosed(pool), 100)) {
      EvaluationInput input = SandboxFixtures.helloWorld().withEnvironment(Map.of("USER", "cached"))
          .withJobKey("cluster1/cached/test/hello_world");
      long before = pool.evaluations();
      EvaluationOutcome first = cache.evaluate(input);
      for (int i = 0; i < 5; i++) {
        assertEquals(first, cache.evaluate(input));
      }
      assertEquals(1, pool.evaluations() - before);
      EvaluationOutcome changed = cache.evaluate(input.withEnvironment(Map.of("USER", "changed"))
          .withJobKey("cluster1/changed/test/hello_world"));
      assertEquals("changed", changed.jobs().get(0).key().role());
      assertEquals(2, pool.evaluations() - before);
      assertEquals(5, cache.hits());
    }
  }

  @Test
  void identicalRequestsInParallelShareOneEvaluation() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(10);
    try (CachingEvaluator cache = new CachingEvaluator(new Unclosed(pool), 100)) {
      EvaluationInput input = SandboxFixtures.helloWorld().withEnvironment(Map.of("USER", "parallel"))
          .withJobKey("cluster1/parallel/test/hello_world");
      long before = pool.evaluations();
      List<Future<EvaluationOutcome>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        results.add(callers.submit(() -> cache.evaluate(input)));
      }
      for (Future<EvaluationOutcome> result : results) {
        assertEquals("parallel", result.get().jobs().get(0).key().role());
      }
      assertEquals(1, pool.evaluations() - before);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void theCacheIsBounded() {
    try (CachingEvaluator cache = new CachingEvaluator(new Unclosed(pool), 2)) {
      long before = pool.evaluations();
      for (String user : List.of("a", "b", "c", "a")) {
        cache.evaluate(SandboxFixtures.helloWorld().withEnvironment(Map.of("USER", user))
            .withJobKey("cluster1/" + user + "/test/hello_world"));
      }
      // "a" was evicted by "c", so it ran twice.
      assertEquals(4, pool.evaluations() - before);
      assertEquals(2, cache.size());
    }
  }

  @Test
  void aTimedOutInputIsRememberedAndNotRunAgain() {
    try (CachingEvaluator cache = new CachingEvaluator(new Unclosed(pool), 10)) {
      long before = pool.evaluations();
      EvaluationInput loop = SandboxFixtures.hostile("infinite_loop.aurora");
      assertEquals(Kind.TIME_LIMIT, cache.evaluate(loop).failure().kind());
      assertEquals(Kind.TIME_LIMIT, cache.evaluate(loop).failure().kind());
      assertEquals(1, pool.evaluations() - before);
    }
  }

  @Test
  void theWorkerSeesOnlyTheSuppliedEnvironment() {
    String source = "import os\n"
        + "seen = '%s|%s|%s' % (os.getenv('USER'), os.getenv('KUBERNETES_SERVICE_HOST'), os.getenv('HOME'))\n"
        + "jobs = [Job(cluster='c', role='r', environment='test', name='env', task=SimpleTask('env', seen))]\n";
    EvaluationOutcome outcome = pool.evaluate(EvaluationInput.of("env.aurora", source)
        .withEnvironment(Map.of("USER", "alice")));
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals("alice|None|None", outcome.jobs().get(0).task().processes().get(0).cmdline());
  }

  @Test
  void includesReadOnlyTheSpecFiles() {
    String source = "include('common.aurora')\n"
        + "jobs = [Job(cluster='c', role='r', environment='test', name='inc', task=SimpleTask('inc', COMMAND))]\n";
    EvaluationOutcome outcome = pool.evaluate(EvaluationInput.of("main.aurora", source)
        .withFiles(Map.of("common.aurora", "COMMAND = 'echo from include'\n")));
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals("echo from include", outcome.jobs().get(0).task().processes().get(0).cmdline());
  }

  @Test
  void aBadConfigFailsWithFileLineAndTheSameTextAsInProcess() {
    EvaluationInput input = EvaluationInput.of("typo.aurora", "x = 1\njobs = [Jobb()]\n");
    EvaluationOutcome outcome = pool.evaluate(input);
    EvaluationResult direct = AuroraConfigEvaluator.evaluate(DslEvaluation.toDslRequest(input));
    assertEquals(Kind.INVALID_CONFIG, outcome.failure().kind());
    assertEquals("typo.aurora", outcome.failure().file());
    assertEquals(2, outcome.failure().line());
    assertEquals(direct.error().message(), outcome.failure().message());
  }

  @Test
  void bindingsAndABareJobNameReachTheEvaluator() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name=n, "
        + "task=SimpleTask(n, 'echo {{greeting}}')) for n in ('first', 'second')]\n";
    EvaluationOutcome outcome = pool.evaluate(EvaluationInput.of("two.aurora", source).withJobKey("second")
        .withBindings(List.of("greeting=hi")));
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals(1, outcome.jobs().size());
    assertEquals("second", outcome.jobs().get(0).key().name());
    assertEquals("echo hi", outcome.jobs().get(0).task().processes().get(0).cmdline());

    EvaluationFailure badKey = pool.evaluate(EvaluationInput.of("two.aurora", source).withJobKey("c/r/prod"))
        .failure();
    assertEquals(Kind.INVALID_CONFIG, badKey.kind());
    assertTrue(badKey.message().contains("must have exactly four parts"), badKey::render);
  }

  /** Lets a test wrap the shared pool in a cache without the cache closing the pool. */
  private record Unclosed(ConfigEvaluator delegate) implements ConfigEvaluator {
    @Override
    public EvaluationOutcome evaluate(EvaluationInput input) {
      return delegate.evaluate(input);
    }

    @Override
    public String evaluatorVersion() {
      return delegate.evaluatorVersion();
    }

    @Override
    public void close() {}
  }
}
