package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.runtime.ProcessState;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.ProcessTable;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion, kill, finalization and the "nothing survives" guarantee (AURORA.md §6.4), with real processes. */
class TeardownTest {
  @TempDir Path dir;

  @Test
  void finalProcessesRunInTheirOrderAfterTheRegularOnesAndTheirFailureDoesNotMatter() throws Exception {
    Harness h = new Harness(TaskJson.task("finals")
        .process("main", "sleep 0.1; echo main > main.out")
        .process("first_final", "test -f main.out && touch first.done", p -> p.put("final", true))
        .process("second_final", "test -f first.done && touch second.done; exit 7", p -> p.put("final", true))
        .order("first_final", "second_final"), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.SUCCESS, outcome.state(), h.observer.events().toString());
    List<String> events = h.observer.events();
    assertTrue(events.indexOf("first_final RUNNING") > events.indexOf("main SUCCESS"), events.toString());
    assertTrue(events.indexOf("second_final RUNNING") > events.indexOf("first_final SUCCESS"), events.toString());
    assertTrue(Files.exists(h.sandbox.resolve("second.done")));
    assertEquals(1, h.observer.of("second_final", ProcessState.FAILED).size());
  }

  @Test
  void killSendsSigtermToWholeProcessGroupsThenRunsFinalProcesses() throws Exception {
    String marker = "aurora-test-" + UUID.randomUUID();
    Harness h = new Harness(TaskJson.task("killed")
        .process("server", "trap 'echo term > got.term; exit 0' TERM; (exec -a " + marker + " sleep 300) & "
            + "touch started; while true; do sleep 0.05; done")
        .process("cleanup", "echo cleaned > cleanup.out", p -> p.put("final", true)), dir).start();
    h.observer.await("server start", Harness.LIMIT, () -> Files.exists(h.sandbox.resolve("started")));
    // The marker shows in the shell's own command line and as the background child's argv[0].
    assertEquals(2, ProcessTable.withCommandLineContaining(marker).size(), "shell and background child run");
    h.supervisor.kill();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.KILLED, outcome.state());
    assertEquals(TaskOutcome.Cause.KILLED, outcome.cause());
    assertTrue(Files.exists(h.sandbox.resolve("got.term")), "the shell got SIGTERM first");
    assertEquals("cleaned", Files.readString(h.sandbox.resolve("cleanup.out")).trim(), "final process ran");
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker), "background child was killed too");
    assertEquals(1, h.observer.of("server", ProcessState.KILLED).size());
  }

  @Test
  void processIgnoringSigtermIsSigkilledWhenTheKillBudgetRunsOutAndFinalizersAreSkipped() throws Exception {
    Harness h = new Harness(TaskJson.task("stubborn")
        .process("stubborn", "trap '' TERM; touch started; while true; do sleep 0.05; done")
        .process("cleanup", "touch cleanup.ran", p -> p.put("final", true)), dir,
        Harness.settings(Duration.ofMillis(800), Duration.ofSeconds(60))).start();
    h.observer.await("start", Harness.LIMIT, () -> Files.exists(h.sandbox.resolve("started")));
    long begun = System.nanoTime();
    h.supervisor.kill();
    TaskOutcome outcome = h.awaitEnd();
    long tookMillis = (System.nanoTime() - begun) / 1_000_000;
    assertEquals(TaskState.KILLED, outcome.state());
    assertTrue(tookMillis >= 800, "SIGKILL only after the budget, took " + tookMillis + " ms");
    assertTrue(Files.notExists(h.sandbox.resolve("cleanup.ran")),
        "the budget was used up while cleaning, so finalization is skipped");
  }

  @Test
  void finalizationWaitBoundsTheTeardownAfterNaturalCompletion() throws Exception {
    Harness h = new Harness(TaskJson.task("bounded").taskField(t -> t.put("finalization_wait", 1))
        .process("sidecar", "trap '' TERM; while true; do sleep 0.05; done", p -> p.put("ephemeral", true))
        .process("work", "sleep 0.2")
        .process("cleanup", "touch cleanup.ran", p -> p.put("final", true)), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.SUCCESS, outcome.state());
    assertEquals(1, h.observer.of("sidecar", ProcessState.KILLED).size());
    assertTrue(Files.notExists(h.sandbox.resolve("cleanup.ran")));
  }

  @Test
  void killRacingTheFirstForksStillLeavesNothingAlive() throws Exception {
    // A kill that lands while processes are being forked must catch them even before setsid() took effect.
    for (int i = 0; i < 5; i++) {
      TaskJson json = TaskJson.task("racy");
      for (int p = 0; p < 4; p++) {
        json.process("p" + p, "sleep 300");
      }
      Harness h = new Harness(json, dir.resolve("run" + i)).start();
      h.supervisor.kill();
      assertEquals(TaskState.KILLED, h.awaitEnd().state());
    }
  }

  @Test
  void leftoverChildrenOfFinishedProcessesDieWithTheTask() throws Exception {
    String marker = "aurora-test-" + UUID.randomUUID();
    Harness h = new Harness(TaskJson.task("leaky")
        .process("leaver", "(exec -a " + marker + " sleep 300) & exit 0"), dir).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
  }
}
