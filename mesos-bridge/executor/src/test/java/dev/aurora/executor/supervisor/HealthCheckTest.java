package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.TaskJson;
import dev.aurora.executor.testing.TestService;
import dev.aurora.executor.testing.ZooKeeperTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP and shell health checks gate RUNNING and fail unhealthy tasks (AURORA.md §6.7). */
class HealthCheckTest {
  @TempDir Path dir;

  private Harness service(TaskJson json) throws Exception {
    Harness h = new Harness(json.ports(Map.of("health", TestService.freePort())), dir);
    TestService.install(h.sandbox);
    return h;
  }

  @Test
  void httpCheckReportsRunningOnlyOnceTheServiceAnswersOk() throws Exception {
    Harness h = service(TaskJson.task("web")
        .process("web", "sleep 0.5; touch serving; " + TestService.cmdline("OK"))
        .health(hc -> hc.put("initial_interval_secs", 5.0)));
    h.start();
    h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
    assertTrue(Files.exists(h.sandbox.resolve("serving")), "RUNNING came before the service could answer");
    h.supervisor.kill();
    assertEquals(TaskState.KILLED, h.awaitEnd().state());
  }

  /** {@code portmap={'health': 'http'}}: the checker probes the http port, as Aurora's resolved port map said. */
  @Test
  void httpCheckProbesTheHealthPortAnAliasResolvesTo() throws Exception {
    int http = TestService.freePort();
    // A portmap comes with announce, which needs an ensemble to announce in: a real one.
    try (ZooKeeperTestServer zk = ZooKeeperTestServer.start(dir.resolve("zk"))) {
      Harness h = new Harness(TaskJson.task("web")
          .process("web", "exec python3 test_service.py {{thermos.ports[http]}} OK")
          .health(hc -> hc.put("initial_interval_secs", 5.0))
          .portmap(Map.of("health", "http"))
          .ports(Map.of("http", http)), dir, Harness.SETTINGS.withAnnouncer(
              new ExecutorSettings.AnnouncerSettings(zk.connectString(), "/aurora", false, null)));
      TestService.install(h.sandbox);
      assertEquals(http, h.task.ports().get("health"));
      h.start();
      h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
      h.supervisor.kill();
      assertEquals(TaskState.KILLED, h.awaitEnd().state());
    }
  }

  @Test
  void wrongHttpResponseAfterTheGracePeriodFailsTheTask() throws Exception {
    Harness h = service(TaskJson.task("web")
        .process("web", TestService.cmdline("not-ok"))
        // Grace long enough for python to start listening even on a loaded machine.
        .health(hc -> hc.put("initial_interval_secs", 3.0)));
    h.start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(TaskOutcome.Cause.HEALTH_CHECK, outcome.cause());
    assertTrue(outcome.message().startsWith("Failed health check! Response differs from expected response"),
        outcome.message());
    assertFalse(h.observer.events().contains("task RUNNING"));
  }

  @Test
  void expectedResponseCodeIsChecked() throws Exception {
    Harness h = service(TaskJson.task("web")
        .process("web", TestService.cmdline("ok"))
        .health(hc -> {
          hc.put("initial_interval_secs", 3.0);
          hc.with("health_checker").with("http").put("expected_response_code", 204);
        }));
    h.start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertTrue(outcome.message().contains("expected 204, got 200"), outcome.message());
  }

  @Test
  void shellCheckGatesRunningAndFailureAfterRunningTearsTheTaskDown() throws Exception {
    Harness h = new Harness(TaskJson.task("worker")
        .process("worker", "sleep 0.3; touch ready; sleep 300")
        .health(hc -> {
          // Aurora forgives failures during the first ceil(initial/interval) attempts, even after RUNNING.
          hc.put("initial_interval_secs", 1.0);
          hc.putObject("health_checker").putObject("shell").put("shell_command", "test -f ready");
        }), dir);
    h.start();
    h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
    assertTrue(Files.exists(h.sandbox.resolve("ready")));
    Files.delete(h.sandbox.resolve("ready"));
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals("Failed health check! Shell command exited with status 1", outcome.message());
  }

  @Test
  void snoozeFileSkipsTheCheckAndCountsAsSuccess() throws Exception {
    Harness h = new Harness(TaskJson.task("snoozed")
        .process("worker", "sleep 300")
        .health(hc -> hc.putObject("health_checker").putObject("shell").put("shell_command", "false")), dir);
    Files.createDirectories(h.sandbox);
    Files.writeString(h.sandbox.resolve(".healthchecksnooze"), "");
    h.start();
    h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
    Files.delete(h.sandbox.resolve(".healthchecksnooze"));
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskOutcome.Cause.HEALTH_CHECK, outcome.cause(), "once awake, the failing check counts");
  }

  @Test
  void withoutHealthPortOrShellCommandTheTaskIsRunningAtOnce() throws Exception {
    Harness h = new Harness(TaskJson.task("plain").process("worker", "sleep 300"), dir).start();
    h.observer.await("RUNNING", Harness.LIMIT, () -> h.observer.events().contains("task RUNNING"));
    h.supervisor.kill();
    assertEquals(TaskState.KILLED, h.awaitEnd().state());
  }
}
