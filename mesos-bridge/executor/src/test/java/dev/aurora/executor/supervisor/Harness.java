package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.task.BoundTask;
import dev.aurora.executor.task.TaskReader;
import dev.aurora.executor.testing.ProcessTable;
import dev.aurora.executor.testing.RecordingObserver;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs one task document under a real supervisor in a temporary sandbox. */
final class Harness {
  static final Duration LIMIT = Duration.ofSeconds(30);

  final RecordingObserver observer = new RecordingObserver();
  final TaskSupervisor supervisor;
  final BoundTask task;
  final Path sandbox;

  /** Processes run as the test's user: the supervisor tests are not about setuid (SetuidTest is). */
  static final ExecutorSettings SETTINGS = ExecutorSettings.DEFAULTS.withSetuid(false, false);

  Harness(TaskJson task, Path dir) throws Exception {
    this(task, dir, SETTINGS);
  }

  Harness(TaskJson task, Path dir, ExecutorSettings settings) throws Exception {
    this.task = TaskReader.readAssignedTask(task.json(), "test");
    this.sandbox = dir.resolve("sandbox");
    this.supervisor = new TaskSupervisor(this.task, sandbox, settings, observer);
  }

  static ExecutorSettings settings(Duration killWait, Duration diskInterval) {
    return new ExecutorSettings(killWait, diskInterval, ExecutorSettings.DEFAULTS.defaultLogger(),
        ExecutorSettings.DEFAULTS.ackWait()).withSetuid(false, false);
  }

  Harness start() {
    supervisor.start();
    return this;
  }

  /** Waits for the end and checks that no process of the task survived it. */
  TaskOutcome awaitEnd() throws InterruptedException {
    TaskOutcome outcome = observer.awaitEnd(LIMIT);
    assertNoSurvivors();
    return outcome;
  }

  void assertNoSurvivors() {
    List<Long> alive = ProcessTable.membersOf(supervisor.processGroups());
    assertEquals(List.of(), alive, "processes of the task still alive after it ended: " + alive);
  }

  Path log(String process, int run, String stream) {
    return sandbox.resolve(".logs").resolve(process).resolve(Integer.toString(run)).resolve(stream);
  }
}
