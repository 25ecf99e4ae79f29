package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hostile corpus of issue 4 through real worker JVMs. Each case must end with its own clear error, leave no
 * trace outside the sandbox, and the same pool must then evaluate a benign config correctly.
 */
class HostileCorpusTest {
  /** Every case that tries to run a program tries to create this file. */
  private static final Path PWNED = Path.of("/tmp/aurora-pwned");
  private static WorkerPool pool;

  @BeforeAll
  static void startPool() {
    pool = SandboxFixtures.startPool(2, SandboxFixtures.testLimits().withTimeLimit(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @BeforeEach
  @AfterEach
  void noTraceOutside() throws Exception {
    assertFalse(Files.exists(PWNED), "a hostile config ran a program");
  }

  @Test
  void infiniteLoopStopsAtTheTimeLimit() {
    EvaluationFailure failure = refused("infinite_loop.aurora", Set.of(Kind.TIME_LIMIT));
    assertEquals("evaluation exceeded 2 s", failure.message());
    nextEvaluationWorks();
  }

  @Test
  void allocatingGigabytesStopsAtTheMemoryLimit() {
    EvaluationFailure failure = refused("memory_bomb.aurora", Set.of(Kind.MEMORY_LIMIT));
    assertEquals("evaluation exceeded the 256 MB memory limit", failure.message());
    nextEvaluationWorks();
  }

  @Test
  void deepRecursionStopsAtTheRecursionLimit() {
    EvaluationFailure failure = refused("deep_recursion.aurora", Set.of(Kind.RECURSION_LIMIT));
    assertTrue(failure.message().contains("recursion limit"), failure::render);
    assertEquals("deep_recursion.aurora", failure.file());
    nextEvaluationWorks();
  }

  @Test
  void hundredMegabyteOutputIsRefused() {
    EvaluationFailure failure = refused("huge_output.aurora", Set.of(Kind.OUTPUT_LIMIT, Kind.MEMORY_LIMIT));
    assertTrue(failure.message().startsWith("output exceeds 4 MiB")
        || failure.message().equals("evaluation exceeded the 256 MB memory limit"), failure::render);
    nextEvaluationWorks();
  }

  @Test
  void outputOverTheCapIsRefusedByTheWorker() {
    EvaluationFailure failure = refused("output_over_the_cap.aurora", Set.of(Kind.OUTPUT_LIMIT));
    assertTrue(failure.message().startsWith("output exceeds 4 MiB (the resolved jobs are "), failure::render);
    nextEvaluationWorks();
  }

  // The refusals below come from the dsl's Python-level restrictions or, under them, from the worker's JVM guard
  // (WorkerSecurityManager). Either message is accepted; each must name what was refused and where.

  @Test
  void importOfJavaIsBlocked() {
    refusedNaming("import_java.aurora", "import of 'java", "evaluator sandbox refused to run a program");
  }

  @Test
  void javaIsNotReachableThroughIntrospection() {
    // Walking object.__subclasses__() finds nothing with Java methods (else line 7 would try Runtime.exec), and
    // the dsl's own objects have no getClass.
    EvaluationFailure failure = refusedNaming("introspection.aurora", "no attribute 'getClass'");
    assertEquals(8, failure.line(), failure::render);
  }

  @Test
  void openOfEtcPasswdIsBlocked() {
    refusedNaming("open_passwd.aurora", "open() is not available", "evaluator sandbox refused to read /etc/passwd");
  }

  @Test
  void serviceAccountTokenCannotBeRead() {
    refusedNaming("service_account_token.aurora", "file() is not available",
        "evaluator sandbox refused to read /var/run/secrets/kubernetes.io/serviceaccount/token");
  }

  @Test
  void importOfSocketIsBlocked() {
    refusedNaming("import_socket.aurora", "import of 'socket'", "evaluator sandbox refused");
  }

  @Test
  void importOfSubprocessIsBlocked() {
    refusedNaming("import_subprocess.aurora", "import of 'subprocess'", "evaluator sandbox refused");
  }

  @Test
  void osSystemIsBlocked() {
    refusedNaming("os_system.aurora", "os.system", "no attribute 'system'");
  }

  @Test
  void includeOutsideTheSpecFilesIsRefused() {
    refusedNaming("include_escape.aurora", "'../../etc/passwd'");
  }

  @Test
  void dunderImportOfOsPopenIsBlocked() {
    refusedNaming("dunder_import_popen.aurora", "popen");
  }

  @Test
  void patchingSharedStateDoesNotReachLaterEvaluations() {
    String before = probe();
    assertEquals("echo 3.14159265359|clean|2|jdoe", before);
    // Both workers get the trap, whatever order the pool lends them in.
    for (int i = 0; i < 4; i++) {
      pool.evaluate(SandboxFixtures.hostile("patch_shared_state.aurora"));
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(before, probe());
    }
  }

  private static String probe() {
    EvaluationOutcome outcome = pool.evaluate(SandboxFixtures.hostile("probe_shared_state.aurora"));
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    return outcome.jobs().get(0).task().processes().get(0).cmdline();
  }

  /** A config-level refusal: the error says what was refused (one of {@code accepted}) and where. */
  private static EvaluationFailure refusedNaming(String name, String... accepted) {
    EvaluationFailure failure = refused(name, Set.of(Kind.INVALID_CONFIG, Kind.SANDBOX_VIOLATION));
    String message = failure.message();
    assertTrue(Arrays.stream(accepted).anyMatch(message::contains), failure::render);
    assertEquals(name, failure.file(), failure::render);
    assertTrue(failure.line() > 0, failure::render);
    nextEvaluationWorks();
    return failure;
  }

  private static EvaluationFailure refused(String name, Set<Kind> kinds) {
    long started = System.nanoTime();
    EvaluationOutcome outcome = pool.evaluate(SandboxFixtures.hostile(name));
    System.out.printf("%-30s %5d ms  %s%n", name, (System.nanoTime() - started) / 1_000_000,
        outcome.ok() ? "ACCEPTED" : outcome.failure().kind() + " " + outcome.failure().render());
    assertFalse(outcome.ok(), () -> name + " was accepted: " + outcome.jobs());
    EvaluationFailure failure = outcome.failure();
    assertNotNull(failure);
    assertTrue(kinds.contains(failure.kind()), failure::toString);
    return failure;
  }

  private static void nextEvaluationWorks() {
    EvaluationOutcome outcome = pool.evaluate(SandboxFixtures.helloWorld());
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals(List.of("hello_world"), outcome.jobs().stream().map(job -> job.key().name()).toList());
  }
}
