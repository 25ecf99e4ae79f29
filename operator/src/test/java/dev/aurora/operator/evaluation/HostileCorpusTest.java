package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  // Python-level refusals: the dsl's sandbox policy names each blocked operation, with file and line.

  @Test
  void importOfJavaIsBlocked() {
    refusedWith("import_java.aurora", 1,
        "ImportError: import of 'java.lang.Runtime' is not allowed in a .aurora file");
  }

  @Test
  void javaIsNotReachableThroughIntrospection() {
    // Walking object.__subclasses__() finds nothing with Java methods (else line 7 would try Runtime.exec), and
    // the dsl's own objects have no getClass.
    refusedWith("introspection.aurora", 8,
        "AttributeError: 'dev.aurora.dsl.python.PyEngineType' object has no attribute 'getClass'");
  }

  @Test
  void openOfEtcPasswdIsBlocked() {
    refusedWith("open_passwd.aurora", 1, "RuntimeError: open() is not available in a .aurora file");
  }

  @Test
  void serviceAccountTokenCannotBeRead() {
    refusedWith("service_account_token.aurora", 1, "RuntimeError: file() is not available in a .aurora file");
  }

  @Test
  void importOfSocketIsBlocked() {
    refusedWith("import_socket.aurora", 1, "ImportError: import of 'socket' is not allowed in a .aurora file");
  }

  @Test
  void importOfSubprocessIsBlocked() {
    refusedWith("import_subprocess.aurora", 1,
        "ImportError: import of 'subprocess' is not allowed in a .aurora file");
  }

  @Test
  void osSystemIsBlocked() {
    refusedWith("os_system.aurora", 2, "AttributeError: 'module' object has no attribute 'system'");
  }

  @Test
  void includeOutsideTheSpecFilesIsRefused() {
    refusedWith("include_escape.aurora", 1, "IOError: include('../../etc/passwd') refused: include() reads only "
        + "the files given with the job (spec.files), by relative name; '..' above them and absolute paths are not "
        + "allowed");
  }

  @Test
  void dunderImportOfOsPopenIsBlocked() {
    refusedWith("dunder_import_popen.aurora", 1, "AttributeError: 'module' object has no attribute 'popen'");
  }

  // Under the Python-level policy, the worker's JVM guard (WorkerSecurityManager) refuses what allowed Python
  // still reaches: os.path asks the file system.

  @Test
  void fileSystemProbesThroughOsPathAreRefusedByTheJvmGuard() {
    EvaluationFailure failure = refused("os_path_probe.aurora", Set.of(Kind.SANDBOX_VIOLATION));
    // Jython's stat starts by resolving the root directory, which is already outside what a worker may read.
    assertEquals(new EvaluationFailure(Kind.SANDBOX_VIOLATION, "os_path_probe.aurora", 3, "",
        "the evaluator sandbox refused to read /"), failure);
    nextEvaluationWorks();
  }

  @Test
  void printingDoesNotDisturbTheProtocol() {
    EvaluationOutcome outcome = pool.evaluate(SandboxFixtures.hostile("print_flood.aurora"));
    assertTrue(outcome.ok(), () -> outcome.failure().render());
    assertEquals("chatty", outcome.jobs().get(0).key().name());
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

  /** A config-level refusal with the exact message, file and line; then the pool still works. */
  private static void refusedWith(String name, int line, String message) {
    EvaluationFailure failure = refused(name, Set.of(Kind.INVALID_CONFIG));
    assertEquals(new EvaluationFailure(Kind.INVALID_CONFIG, name, line, "", message), failure);
    nextEvaluationWorks();
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
