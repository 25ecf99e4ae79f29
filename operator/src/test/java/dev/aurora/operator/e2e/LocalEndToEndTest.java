package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static dev.aurora.operator.e2e.OperatorHarness.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobCondition;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.operator.evaluation.SandboxFixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * AuroraJobs on a real API server run by the operator with its local backend: real executors, real bash processes,
 * status written back. The seed's examples, updates, invalid edits, cron, deletion and hostile configs.
 */
@WithKubeApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalEndToEndTest {
  private static final String SERVICE = """
      loop = Process(name = 'loop', cmdline = 'echo {{greeting}} > greeting.txt; while true; do sleep 1; done')
      bye = Process(name = 'bye', cmdline = 'echo bye from {{mesos.instance}}', final = True)
      jobs = [Service(cluster = 'cluster1', role = 'team', environment = 'prod', name = 'svc', instances = 3,
                      task = Task(processes = [loop, bye], finalization_wait = 5,
                                  resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                      update_config = UpdateConfig(batch_size = 1, watch_secs = 2, max_per_shard_failures = 0,
                                                   max_total_failures = 0, rollback_on_failure = True)
                      ).bind(greeting = '%s')]
      """;

  private OperatorHarness operator;

  @BeforeAll
  void startOperator(KubernetesClient client, @TempDir Path root) {
    operator = new OperatorHarness(client, root);
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  @Test
  void theTutorialsHelloWorldRunsToSuccess() throws IOException {
    operator.apply("demo", "hello-world", "cluster1/demo/test/hello_world", example("hello_world.aurora"));
    AuroraJob done = operator.await("demo", "hello-world", "Succeeded",
        s -> s.phase() == AuroraJobPhase.Succeeded, 90);
    AuroraJobStatus status = done.getStatus();
    operator.record("demo", "hello-world", "succeeded");
    assertEquals("cluster1/demo/test/hello_world", status.jobKey());
    assertEquals(1, status.instances());
    assertEquals(Map.of("FINISHED", 1), status.counts());
    InstanceStatus task = tasks(status).get(0);
    assertTrue(task.taskId().startsWith("demo-test-hello_world-0-"), task.taskId());
    assertEquals("hello world\n", Files.readString(
        operator.sandbox(task.taskId()).resolve(".logs/hello_world/0/stdout")));
    assertEquals("True", condition(status, "ConfigValid").status());
    assertEquals("True", condition(status, "Available").status());
  }

  @Test
  void productionizedHelloWorldPacksItsIncludeAndRuns25Instances() throws IOException {
    operator.apply("tutorial", "hello-world-prod", "cluster1/tutorial/test/hello_world-cluster1",
        example("hello_world_productionized.aurora"), Map.of("hello_world.aurora", example("hello_world.aurora")));
    AuroraJobStatus status = operator.await("tutorial", "hello-world-prod", "Succeeded",
        s -> s.phase() == AuroraJobPhase.Succeeded, 180).getStatus();
    assertEquals(25, status.instances());
    assertEquals(Map.of("FINISHED", 25), status.counts());
    Set<Integer> ids = tasks(status).stream().map(InstanceStatus::id).collect(Collectors.toSet());
    assertEquals(25, ids.size());
  }

  @Test
  void thermosProfileAndOrderingExamplesRun() throws IOException {
    operator.apply("www-data", "profile-demo", "profile_demo", example("thermos_profile.aurora"));
    for (String job : List.of("concat", "combine", "sequential", "simple")) {
      operator.apply("www-data", job, job, example("ordering_and_combining.aurora"));
    }
    AuroraJobStatus profile = operator.await("www-data", "profile-demo", "Succeeded",
        s -> s.phase() == AuroraJobPhase.Succeeded, 90).getStatus();
    assertEquals("hello\n", Files.readString(operator.sandbox(tasks(profile).get(0).taskId())
        .resolve(".logs/read/0/stdout")));
    for (String job : List.of("concat", "sequential", "simple")) {
      AuroraJobStatus status = operator.await("www-data", job, "Succeeded",
          s -> s.phase() == AuroraJobPhase.Succeeded, 90).getStatus();
      assertEquals("cluster1/www-data/test/" + job, status.jobKey());
    }
    // Tasks.combine runs both tasks' processes in parallel, so the tutorial's `cat interpreter.txt` may run before
    // the file exists, under Aurora as here: the combined job ends, one way or the other.
    AuroraJobStatus combined = operator.await("www-data", "combine", "ended",
        s -> s.phase() == AuroraJobPhase.Succeeded || s.phase() == AuroraJobPhase.Failed, 90).getStatus();
    assertEquals("cluster1/www-data/test/combine", combined.jobKey());
    String sequential = operator.job("www-data", "sequential").get().getStatus().tasks().get(0).taskId();
    assertEquals("staged\n", Files.readString(operator.sandbox(sequential).resolve(".logs/app/0/stdout")));
  }

  @Test
  void theHttpServiceServesOnItsAssignedPorts() throws Exception {
    operator.apply("www-data", "web", "cluster1/www-data/prod/web", example("http_service.aurora"));
    AuroraJobStatus status = operator.await("www-data", "web", "Running with 3 instances",
        s -> s.phase() == AuroraJobPhase.Running && inState(s, "RUNNING") == 3, 120).getStatus();
    operator.record("www-data", "web", "running");
    HttpClient http = HttpClient.newHttpClient();
    for (InstanceStatus task : tasks(status)) {
      Integer port = task.ports().get("http");
      assertNotNull(port, "instance " + task.id() + " has an http port");
      String body = awaitBody(http, port);
      assertEquals("1.4.2/stable instance " + task.id() + "\n", body);
    }
    cleanUp("www-data", "web");
  }

  @Test
  void aCronJobWaitsForItsScheduleThenRuns() throws IOException {
    operator.apply("analytics", "nightly", "cluster1/analytics/prod/nightly_report", example("cron_batch.aurora"));
    AuroraJobStatus waiting = operator.await("analytics", "nightly", "Pending on its schedule",
        s -> s.phase() == AuroraJobPhase.Pending && s.message().contains("next cron run"), 60).getStatus();
    operator.record("analytics", "nightly", "cron-waiting");
    assertTrue(tasks(waiting).isEmpty(), "nothing runs before the trigger: " + waiting);

    String everyMinute = """
        jobs = [Job(cluster = 'cluster1', role = 'analytics', environment = 'prod', name = 'minutely',
                    cron_schedule = '* * * * *',
                    task = SimpleTask(name = 'tick', command = 'echo tick'))]
        """;
    operator.apply("analytics", "minutely", null, everyMinute);
    AuroraJobStatus ran = operator.await("analytics", "minutely", "a finished cron run",
        s -> s.phase() == AuroraJobPhase.Succeeded, 130).getStatus();
    assertEquals("tick\n", Files.readString(operator.sandbox(tasks(ran).get(0).taskId())
        .resolve(".logs/tick/0/stdout")));
    assertTrue(ran.message().contains("next cron run"), ran.message());
  }

  @Test
  void anInvalidEditLeavesTheRunningInstancesAlone() {
    operator.apply("team", "svc", null, SERVICE.formatted("v1"));
    AuroraJobStatus running = operator.await("team", "svc", "3 running",
        s -> s.phase() == AuroraJobPhase.Running && inState(s, "RUNNING") == 3, 90).getStatus();
    Set<String> taskIds = taskIds(running);

    operator.apply("team", "svc", null, "jobs = [Service(\n  name = 'svc',\n  oops oops)]\n");
    AuroraJobStatus invalid = operator.await("team", "svc", "Invalid",
        s -> s.phase() == AuroraJobPhase.Invalid, 60).getStatus();
    operator.record("team", "svc", "invalid-edit");
    AuroraJobCondition configValid = condition(invalid, "ConfigValid");
    assertEquals("False", configValid.status());
    assertTrue(configValid.message().contains("svc.aurora") && configValid.message().contains("line 3"),
        configValid.message());
    assertEquals(taskIds, taskIds(invalid), "the old instances keep running");
    assertEquals(3, inState(invalid, "RUNNING"));
    assertTrue(events("team", "svc").stream().anyMatch(e -> "Warning".equals(e.getType())
        && "InvalidConfig".equals(e.getReason())), "a Warning event says why");

    operator.apply("team", "svc", null, SERVICE.formatted("v1"));
    AuroraJobStatus back = operator.await("team", "svc", "Running again",
        s -> s.phase() == AuroraJobPhase.Running, 60).getStatus();
    assertEquals(taskIds, taskIds(back), "the same config again changes nothing");
    cleanUp("team", "svc");
  }

  @Test
  void aRollingUpdateRollsForwardAndAFailingOneRollsBack() {
    operator.apply("team", "roll", null, SERVICE.formatted("v1").replace("'svc'", "'roll'"));
    if (operator.sees("team", "roll", s -> s.phase() == AuroraJobPhase.Pending, 30)) {
      operator.record("team", "roll", "pending");
    }
    Set<String> v1 = taskIds(operator.await("team", "roll", "3 running",
        s -> s.phase() == AuroraJobPhase.Running && inState(s, "RUNNING") == 3, 90).getStatus());

    operator.apply("team", "roll", null, SERVICE.formatted("v2").replace("'svc'", "'roll'"));
    if (operator.sees("team", "roll", s -> s.phase() == AuroraJobPhase.Updating, 30)) {
      operator.record("team", "roll", "updating");
    }
    AuroraJobStatus v2 = operator.await("team", "roll", "rolled forward",
        s -> s.update() != null && "ROLLED_FORWARD".equals(s.update().state())
            && inState(s, "RUNNING") == 3, 120).getStatus();
    Set<String> v2Tasks = taskIds(v2);
    assertTrue(v2Tasks.stream().noneMatch(v1::contains), "every instance got a new task");
    assertEquals(3, v2.update().instancesUpdated());
    for (InstanceStatus task : tasks(v2)) {
      assertEquals("v2", greeting(task));
    }

    String broken = SERVICE.formatted("v3").replace("'svc'", "'roll'")
        .replace("while true; do sleep 1; done", "exit 1");
    operator.apply("team", "roll", null, broken);
    AuroraJobStatus rolledBack = operator.await("team", "roll", "rolled back",
        s -> s.update() != null && "ROLLED_BACK".equals(s.update().state())
            && inState(s, "RUNNING") == 3, 120).getStatus();
    assertEquals(AuroraJobPhase.Running, rolledBack.phase());
    operator.record("team", "roll", "rolled-back");
    assertEquals("True", condition(rolledBack, "Degraded").status());
    for (InstanceStatus task : tasks(rolledBack)) {
      assertEquals("v2", greeting(task), "instance " + task.id() + " is back on the old config");
    }
    assertTrue(events("team", "roll").stream().anyMatch(e -> "UpdateRolledBack".equals(e.getReason())));
    cleanUp("team", "roll");
  }

  @Test
  void bindingsReachTheTemplatesAndANewRestartNonceRestartsEveryInstance() {
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(SERVICE.formatted("{{phrase}}").replace("'svc'", "'bound'"));
    spec.setBindings(Map.of("phrase", "bound-hello"));
    operator.apply("team", "bound", spec);
    AuroraJobStatus first = operator.await("team", "bound", "3 running",
        s -> s.phase() == AuroraJobPhase.Running && inState(s, "RUNNING") == 3, 90).getStatus();
    for (InstanceStatus task : tasks(first)) {
      assertEquals("bound-hello", greeting(task), "`aurora job create --bind` as spec.bindings");
    }

    spec.setRestartNonce("2026-12-01T21:00");
    operator.apply("team", "bound", spec);
    AuroraJobStatus restarted = operator.await("team", "bound", "a rolling restart",
        s -> s.update() != null && "ROLLED_FORWARD".equals(s.update().state()) && inState(s, "RUNNING") == 3,
        120).getStatus();
    assertTrue(taskIds(restarted).stream().noneMatch(taskIds(first)::contains), "every instance restarted");
    assertEquals(3, restarted.update().instancesUpdated());
    cleanUp("team", "bound");
  }

  @Test
  void deletionKillsTheTasksGracefullyAndRunsFinalProcesses() throws IOException {
    operator.apply("team", "doomed", null, SERVICE.formatted("v1").replace("'svc'", "'doomed'"));
    AuroraJobStatus running = operator.await("team", "doomed", "3 running",
        s -> inState(s, "RUNNING") == 3, 90).getStatus();
    operator.job("team", "doomed").delete();
    if (operator.sees("team", "doomed", s -> s.phase() == AuroraJobPhase.Killing, 30)) {
      operator.record("team", "doomed", "killing");
    }
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (operator.job("team", "doomed").get() != null && System.nanoTime() < deadline) {
      OperatorHarness.sleep(200);
    }
    assertEquals(null, operator.job("team", "doomed").get(), "the finalizer is released once the tasks are dead");
    for (InstanceStatus task : tasks(running)) {
      Path finalLog = operator.sandbox(task.taskId()).resolve(".logs/bye/0/stdout");
      assertEquals("bye from " + task.id() + "\n", Files.readString(finalLog), "final process of " + task.id());
    }
  }

  @Test
  void aBatchJobIsRetriedUpToMaxTaskFailuresThenFails() {
    operator.apply("team", "flaky", null, """
        jobs = [Job(cluster = 'cluster1', role = 'team', environment = 'test', name = 'flaky', max_task_failures = 2,
                    task = SimpleTask(name = 'flaky', command = 'echo trying; exit 3'))]
        """);
    AuroraJobStatus failed = operator.await("team", "flaky", "Failed", s -> s.phase() == AuroraJobPhase.Failed, 90)
        .getStatus();
    operator.record("team", "flaky", "failed");
    InstanceStatus task = tasks(failed).get(0);
    assertEquals("FAILED", task.state());
    assertEquals(2, task.failures(), "the first run and one retry");
    assertEquals("True", condition(failed, "Degraded").status());
    assertTrue(events("team", "flaky").stream().filter(e -> "TaskFailed".equals(e.getReason())).count() >= 1);
  }

  @Test
  void aHostileConfigIsInvalidWhileItsNeighboursRun() {
    operator.apply("team", "spin", null, "while True:\n  pass\n");
    operator.apply("team", "escape", null, "open('/etc/passwd').read()\njobs = []\n");
    for (int i = 0; i < 3; i++) {
      operator.apply("team", "ok-" + i, null, """
          jobs = [Job(cluster = 'cluster1', role = 'team', environment = 'test', name = 'ok_%d',
                      task = SimpleTask(name = 'ok', command = 'echo ok'))]
          """.formatted(i));
    }
    for (int i = 0; i < 3; i++) {
      operator.await("team", "ok-" + i, "Succeeded", s -> s.phase() == AuroraJobPhase.Succeeded, 90);
    }
    AuroraJobStatus spin = operator.await("team", "spin", "Invalid", s -> s.phase() == AuroraJobPhase.Invalid, 90)
        .getStatus();
    operator.record("team", "spin", "invalid-hostile");
    assertTrue(spin.message().contains("10 s") || spin.message().contains("time"), spin.message());
    AuroraJobStatus escape = operator.await("team", "escape", "Invalid",
        s -> s.phase() == AuroraJobPhase.Invalid, 60).getStatus();
    assertTrue(escape.message().contains("open"), escape.message());
  }

  private void cleanUp(String namespace, String name) {
    operator.job(namespace, name).delete();
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (operator.job(namespace, name).get() != null && System.nanoTime() < deadline) {
      OperatorHarness.sleep(200);
    }
  }

  private String greeting(InstanceStatus task) {
    try {
      return Files.readString(operator.sandbox(task.taskId()).resolve("greeting.txt")).trim();
    } catch (IOException e) {
      throw new AssertionError("instance " + task.id() + " wrote no greeting", e);
    }
  }

  private List<Event> events(String namespace, String name) {
    return operator.client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  private static Set<String> taskIds(AuroraJobStatus status) {
    return tasks(status).stream().map(InstanceStatus::taskId).collect(Collectors.toSet());
  }

  private static AuroraJobCondition condition(AuroraJobStatus status, String type) {
    return status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }

  private static String example(String name) throws IOException {
    return Files.readString(SandboxFixtures.sharedExamples().resolve(name));
  }

  private static String awaitBody(HttpClient http, int port) throws Exception {
    Exception last = null;
    for (int i = 0; i < 100; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        last = e;
        OperatorHarness.sleep(100);
      }
    }
    throw last;
  }
}
