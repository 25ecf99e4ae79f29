package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.runtime.ProcessState;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.TaskJson;
import dev.aurora.executor.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown through the HTTP lifecycle endpoints (AURORA.md §6.6) and the disk limit. */
class LifecycleAndDiskTest {
  @TempDir Path dir;

  private Harness service(String... exitOn) throws Exception {
    Harness h = new Harness(TaskJson.task("web")
        .process("web", TestService.cmdline("ok", exitOn))
        .health(hc -> hc.put("initial_interval_secs", 5.0))
        .lifecycle(1, 1)
        .ports(Map.of("health", TestService.freePort())), dir);
    TestService.install(h.sandbox);
    h.start();
    h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
    return h;
  }

  private List<String> lifecycleLog(Harness h) throws Exception {
    return Files.readAllLines(h.sandbox.resolve("lifecycle.log"));
  }

  @Test
  void gracefulEndpointEndsTheTaskBeforeAnySignal() throws Exception {
    Harness h = service("/quitquitquit");
    h.supervisor.kill();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.KILLED, outcome.state(), "the checker's verdict: it was asked to die");
    assertEquals(List.of("/quitquitquit"), lifecycleLog(h));
    assertEquals(1, h.observer.of("web", ProcessState.SUCCESS).size(), "exited by itself, not by a signal");
  }

  @Test
  void shutdownEndpointFollowsAfterTheGracefulWait() throws Exception {
    Harness h = service("/abortabortabort");
    h.supervisor.kill();
    h.awaitEnd();
    assertEquals(List.of("/quitquitquit", "/abortabortabort"), lifecycleLog(h));
    assertEquals(1, h.observer.of("web", ProcessState.SUCCESS).size());
  }

  @Test
  void signalsFollowWhenTheServiceIgnoresBothEndpoints() throws Exception {
    Harness h = service();
    long begun = System.nanoTime();
    h.supervisor.kill();
    h.awaitEnd();
    long tookMillis = (System.nanoTime() - begun) / 1_000_000;
    assertEquals(List.of("/quitquitquit", "/abortabortabort"), lifecycleLog(h));
    assertEquals(1, h.observer.of("web", ProcessState.KILLED).size());
    assertTrue(tookMillis >= 2000, "both 1 s waits are honoured before signals, took " + tookMillis + " ms");
  }

  @Test
  void diskUsageOverTheReservationFailsTheTask() throws Exception {
    Harness h = new Harness(TaskJson.task("hog")
        .taskField(t -> t.with("resources").put("disk", 1024 * 1024))
        .process("hog", "head -c 2097152 /dev/zero > blob; sleep 300"), dir,
        Harness.settings(Duration.ofSeconds(60), Duration.ofMillis(200))).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(TaskOutcome.Cause.DISK_LIMIT, outcome.cause());
    assertTrue(outcome.message().startsWith("Disk limit exceeded.  Reserved 1048576 bytes vs used "),
        outcome.message());
  }
}
