package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.runtime.ProcessState;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Order constraints, concurrency and the per-process restart rules of AURORA.md §6.2-6.3, with real bash. */
class PlanningTest {
  @TempDir Path dir;

  @Test
  void orderConstraintsFormADagAndIndependentProcessesStartTogether() throws Exception {
    // a and b are independent and wait for each other's marker file, so they only finish if they run at once;
    // c must see both done; d must see c done.
    Harness h = new Harness(TaskJson.task("dag")
        .process("a", "touch a.started; for i in $(seq 100); do [ -f b.started ] && exit 0; sleep 0.05; done; exit 1")
        .process("b", "touch b.started; for i in $(seq 100); do [ -f a.started ] && exit 0; sleep 0.05; done; exit 1")
        .process("c", "test -f a.started && test -f b.started && touch c.done")
        .process("d", "test -f c.done")
        .order("a", "c", "d").order("b", "c"), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.SUCCESS, outcome.state(), h.observer.events().toString());
    List<String> events = h.observer.events();
    assertTrue(events.indexOf("c RUNNING") > events.indexOf("a SUCCESS"));
    assertTrue(events.indexOf("c RUNNING") > events.indexOf("b SUCCESS"));
    assertTrue(events.indexOf("d RUNNING") > events.indexOf("c SUCCESS"));
  }

  @Test
  void maxConcurrencyCapsRunningProcesses() throws Exception {
    // Each process records how many peers run beside it; with max_concurrency 2 nobody may see 3.
    String cmd = "mkdir -p running; touch running/$$; ls running | wc -l >> counts; sleep 0.3; rm running/$$";
    TaskJson json = TaskJson.task("capped").taskField(t -> t.put("max_concurrency", 2));
    for (int i = 0; i < 5; i++) {
      json.process("p" + i, cmd);
    }
    Harness h = new Harness(json, dir).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    List<Integer> counts = Files.readAllLines(h.sandbox.resolve("counts")).stream().map(String::trim)
        .map(Integer::parseInt).toList();
    assertEquals(5, counts.size());
    assertTrue(counts.stream().allMatch(c -> c <= 2), "concurrency seen: " + counts);
    assertTrue(counts.contains(2), "the cap should still allow 2 at once: " + counts);
  }

  @Test
  void maxFailuresRetriesUntilTheLimitThenTheTaskFails() throws Exception {
    Harness h = new Harness(TaskJson.task("flaky")
        .process("always_fails", "echo run >> runs; exit 3", p -> p.put("max_failures", 3)), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(3, h.observer.of("always_fails", ProcessState.FAILED).size());
    assertEquals(3, Files.readAllLines(h.sandbox.resolve("runs")).size());
    assertEquals(3, h.observer.of("always_fails", ProcessState.FAILED).get(2).exitCode());
  }

  @Test
  void maxFailuresZeroRetriesForeverUntilSuccess() throws Exception {
    Harness h = new Harness(TaskJson.task("forever")
        .process("fifth_time_lucky", "echo x >> n; [ $(wc -l < n) -ge 5 ]", p -> p.put("max_failures", 0)), dir)
        .start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    assertEquals(4, h.observer.of("fifth_time_lucky", ProcessState.FAILED).size());
    assertEquals(1, h.observer.of("fifth_time_lucky", ProcessState.SUCCESS).size());
    assertTrue(Files.isRegularFile(h.log("fifth_time_lucky", 4, "stdout")), "run 4 has its own log dir");
  }

  @Test
  void minDurationSpacesRestartsFromTheEndOfThePreviousRun() throws Exception {
    Harness h = new Harness(TaskJson.task("spaced")
        .process("retry", "date +%s%N >> starts; [ $(wc -l < starts) -ge 2 ]",
            p -> p.put("max_failures", 2).put("min_duration", 1)), dir).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    List<Long> starts = Files.readAllLines(h.sandbox.resolve("starts")).stream().map(Long::parseLong).toList();
    long gapMillis = (starts.get(1) - starts.get(0)) / 1_000_000;
    assertTrue(gapMillis >= 1000, "second run started " + gapMillis + " ms after the first");
  }

  @Test
  void daemonProcessRerunsOnSuccessUntilTheHundredRunCap() throws Exception {
    Harness h = new Harness(TaskJson.task("daemon")
        .process("tick", "echo tick >> ticks", p -> p.put("daemon", true)), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    // Aurora's CappedTaskPlanner: after 100 runs even a healthy daemon is failed, which fails the task.
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(100, Files.readAllLines(h.sandbox.resolve("ticks")).size());
    assertEquals(100, h.observer.of("tick", ProcessState.SUCCESS).size());
  }

  @Test
  void ephemeralProcessNeverBlocksCompletionAndIsKilledAtTheEnd() throws Exception {
    Harness h = new Harness(TaskJson.task("ephemeral")
        .process("sidecar", "sleep 300", p -> p.put("ephemeral", true))
        .process("work", "sleep 0.2"), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.SUCCESS, outcome.state());
    assertEquals(1, h.observer.of("sidecar", ProcessState.KILLED).size());
  }

  @Test
  void lossBySignalIsRetriedWithoutConsumingMaxFailures() throws Exception {
    // max_failures 1: a counted failure would fail the task at once; two SIGKILLed runs must not.
    Harness h = new Harness(TaskJson.task("lossy")
        .process("victim", "echo x >> n; if [ $(wc -l < n) -le 2 ]; then kill -KILL $$; fi; exit 0"), dir).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    assertEquals(2, h.observer.of("victim", ProcessState.KILLED).size());
    assertEquals(1, h.observer.of("victim", ProcessState.SUCCESS).size());
    assertEquals(0, h.observer.of("victim", ProcessState.FAILED).size());
  }

  @Test
  void taskMaxFailuresToleratesFailedProcessesBelowTheLimit() throws Exception {
    // The docs' example: task max_failures=2 with one permanently failed process still succeeds.
    Harness tolerant = new Harness(TaskJson.task("tolerant").taskField(t -> t.put("max_failures", 2))
        .process("bad", "exit 1").process("good", "true"), dir.resolve("a")).start();
    assertEquals(TaskState.SUCCESS, tolerant.awaitEnd().state());

    Harness strict = new Harness(TaskJson.task("strict")
        .process("bad", "exit 1").process("slow", "sleep 300"), dir.resolve("b")).start();
    TaskOutcome outcome = strict.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(1, strict.observer.of("slow", ProcessState.KILLED).size(), "the failure tears the task down");
  }

  @Test
  void failedPredecessorDeadlocksTheTask() throws Exception {
    Harness h = new Harness(TaskJson.task("deadlock").taskField(t -> t.put("max_failures", 0))
        .process("first", "exit 1").process("second", "touch ran").order("first", "second"), dir).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertTrue(outcome.message().contains("deadlock"), outcome.message());
    assertTrue(Files.notExists(h.sandbox.resolve("ran")));
  }
}
