package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static dev.aurora.operator.e2e.OperatorHarness.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Update control on a real API server with the local backend: the spec's update fields patched as
 * {@code kubectl aurora update ...} patches them (a JSON merge patch of {@code spec.update}), watched in
 * {@code status.update} and in Events: autopause after each batch (kept across an operator restart), pulses, pause and
 * abort, and SLA-aware updates with a Count policy and with a coordinator played by a local HTTP server.
 */
@WithKubeApiServer
class UpdateControlEndToEndTest {
  private static final String NS = "team";
  /** Small SLA jobs admitted and failed SLA checks retried quickly, so the test does not wait Aurora's minutes. */
  private static final String[] SLA_FLAGS = {"--min-required-instances-for-sla-check", "2",
      "--sla-aware-kill-retry-min-delay-secs", "1", "--sla-aware-kill-retry-max-delay-secs", "2"};

  private static String service(String name, int instances, String version, String jobFields) {
    return """
        loop = Process(name = 'loop', cmdline = 'echo %s; while true; do sleep 1; done')
        jobs = [Service(cluster = 'cluster1', role = 'team', environment = 'prod', name = '%s', instances = %d,
                        task = Task(processes = [loop], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                        %s)]
        """.formatted(version, name, instances, jobFields);
  }

  private static void patchUpdate(OperatorHarness operator, String name, String updateJson) {
    operator.job(NS, name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"update\":" + updateJson + "}}");
  }

  private static boolean updateIs(AuroraJobStatus s, String state) {
    return s.update() != null && state.equals(s.update().state());
  }

  private static Set<String> taskIds(AuroraJobStatus status) {
    return tasks(status).stream().map(InstanceStatus::taskId).collect(Collectors.toSet());
  }

  private static List<String> reasons(OperatorHarness operator, String name) {
    return operator.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
  }

  /** Deletes the job and waits until the operator has killed its tasks and let the resource go. */
  private static void cleanUp(OperatorHarness operator, String name) {
    operator.job(NS, name).delete();
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (operator.job(NS, name).get() != null && System.nanoTime() < deadline) {
      OperatorHarness.sleep(200);
    }
  }

  private static AuroraJobStatus running(OperatorHarness operator, String name, int instances) {
    return operator.await(NS, name, instances + " running", s -> inState(s, "RUNNING") == instances, 90)
        .getStatus();
  }

  @Test
  void autopauseAfterBatchWaitsForEachResumeAndStaysPausedAcrossARestart(KubernetesClient client,
                                                                        @TempDir Path root) {
    String update = "update_config = UpdateConfig(watch_secs = 1, update_strategy = BatchUpdateStrategy("
        + "batch_size = 1, autopause_after_batch = True))";
    String id;
    try (OperatorHarness operator = new OperatorHarness(client, root)) {
      operator.apply(NS, "batches", null, service("batches", 3, "v1", update));
      running(operator, "batches", 3);
      operator.apply(NS, "batches", null, service("batches", 3, "v2", update));
      AuroraJobStatus paused = operator.await(NS, "batches", "paused after batch 1",
          s -> updateIs(s, "ROLL_FORWARD_PAUSED") && s.update().instancesUpdated() == 1, 90).getStatus();
      assertTrue(paused.update().message().contains("autopause_after_batch"), paused.update().message());
      id = paused.update().id();
      operator.record(NS, "batches", "update-paused");
      assertTrue(reasons(operator, "batches").contains("UpdateRollForwardPaused"), reasons(operator, "batches")
          .toString());
    }

    try (OperatorHarness operator = new OperatorHarness(client, root)) {
      OperatorHarness.sleep(3000); // time for a restarted operator to get it wrong
      AuroraJobStatus still = operator.await(NS, "batches", "still paused after the restart",
          s -> updateIs(s, "ROLL_FORWARD_PAUSED"), 60).getStatus();
      assertEquals(id, still.update().id(), "the same update");
      assertEquals(1, still.update().instancesUpdated());

      patchUpdate(operator, "batches", "{\"resume\":\"r1\",\"paused\":false}");
      operator.await(NS, "batches", "paused after batch 2",
          s -> updateIs(s, "ROLL_FORWARD_PAUSED") && s.update().instancesUpdated() == 2, 90);
      patchUpdate(operator, "batches", "{\"resume\":\"r2\",\"paused\":false}");
      AuroraJobStatus done = operator.await(NS, "batches", "rolled forward",
          s -> updateIs(s, "ROLLED_FORWARD") && inState(s, "RUNNING") == 3, 90).getStatus();
      assertEquals(id, done.update().id());
      assertEquals(3, done.update().instancesUpdated());
      assertTrue(reasons(operator, "batches").contains("UpdateRollingForward"));
      cleanUp(operator, "batches");
    }
  }

  @Test
  void aPulsedUpdateAwaitsItsPulseAndAPausedOneCanBeAborted(KubernetesClient client, @TempDir Path root) {
    try (OperatorHarness operator = new OperatorHarness(client, root)) {
      String update = "update_config = UpdateConfig(batch_size = 1, watch_secs = 1, pulse_interval_secs = 60)";
      operator.apply(NS, "pulsed", null, service("pulsed", 2, "v1", update));
      Set<String> v1 = taskIds(running(operator, "pulsed", 2));
      operator.apply(NS, "pulsed", null, service("pulsed", 2, "v2", update));
      AuroraJobStatus awaiting = operator.await(NS, "pulsed", "awaiting a pulse",
          s -> updateIs(s, "ROLL_FORWARD_AWAITING_PULSE"), 60).getStatus();
      assertTrue(awaiting.update().message().contains("spec.update.pulse"), awaiting.update().message());
      OperatorHarness.sleep(2000);
      assertEquals(v1, taskIds(operator.job(NS, "pulsed").get().getStatus()), "nothing replaced without a pulse");
      assertTrue(reasons(operator, "pulsed").contains("UpdateRollForwardAwaitingPulse"));

      patchUpdate(operator, "pulsed", "{\"pulse\":\"p1\"}");
      AuroraJobStatus done = operator.await(NS, "pulsed", "rolled forward within the pulse's interval",
          s -> updateIs(s, "ROLLED_FORWARD") && inState(s, "RUNNING") == 2, 60).getStatus();
      assertTrue(taskIds(done).stream().noneMatch(v1::contains));

      // Paused from its start, then aborted by its id: instances stay as they are, the config is not tried again.
      patchUpdate(operator, "pulsed", "{\"paused\":true}");
      operator.apply(NS, "pulsed", null, service("pulsed", 2, "v3", update));
      AuroraJobStatus paused = operator.await(NS, "pulsed", "paused",
          s -> updateIs(s, "ROLL_FORWARD_PAUSED") && s.update().toSpecHash() != null
              && !s.update().toSpecHash().equals(done.update().toSpecHash()), 60).getStatus();
      patchUpdate(operator, "pulsed", "{\"abort\":\"" + paused.update().id() + "\"}");
      AuroraJobStatus aborted = operator.await(NS, "pulsed", "aborted",
          s -> updateIs(s, "ABORTED"), 60).getStatus();
      assertEquals(paused.update().id(), aborted.update().id());
      assertTrue(aborted.update().message().contains("spec.update.abort"), aborted.update().message());
      OperatorHarness.sleep(2000);
      assertEquals(taskIds(done), taskIds(operator.job(NS, "pulsed").get().getStatus()), "nothing replaced");
      assertTrue(reasons(operator, "pulsed").contains("UpdateAborted"));
      cleanUp(operator, "pulsed");
    }
  }

  @Test
  void anSlaAwareUpdateWaitsUntilTheCountPolicyHolds(KubernetesClient client, @TempDir Path root) {
    try (OperatorHarness operator = new OperatorHarness(client, root, SLA_FLAGS)) {
      String fields = "tier = 'preferred', sla_policy = CountSlaPolicy(count = 1, duration_secs = 20), "
          + "update_config = UpdateConfig(batch_size = 1, watch_secs = 1, sla_aware = True)";
      operator.apply(NS, "counted", null, service("counted", 2, "v1", fields));
      running(operator, "counted", 2);
      operator.apply(NS, "counted", null, service("counted", 2, "v2", fields));
      assertTrue(operator.sees(NS, "counted", s -> s.update() != null && s.update().message() != null
          && s.update().message().startsWith("waiting for the SLA: instance 0: CountSlaPolicy(count=1, "
              + "duration_secs=20) would break"), 20), "the update waits for the SLA");
      AuroraJobStatus done = operator.await(NS, "counted", "rolled forward once the SLA allowed it",
          s -> updateIs(s, "ROLLED_FORWARD") && inState(s, "RUNNING") == 2, 120).getStatus();
      assertEquals(2, done.update().instancesUpdated());
      assertTrue(reasons(operator, "counted").contains("UpdateSlaWait"));
      cleanUp(operator, "counted");
    }
  }

  @Test
  void aCoordinatorSaysWhenAnInstanceMayGo(KubernetesClient client, @TempDir Path root) throws Exception {
    HttpServer coordinator = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicBoolean allow = new AtomicBoolean(false);
    List<String> asked = new CopyOnWriteArrayList<>();
    coordinator.createContext("/sla", exchange -> {
      asked.add(exchange.getRequestURI().getQuery());
      exchange.getRequestBody().readAllBytes();
      byte[] out = ("{\"drain\": " + allow.get() + "}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    coordinator.start();
    try (OperatorHarness operator = new OperatorHarness(client, root, SLA_FLAGS)) {
      String fields = "tier = 'preferred', sla_policy = CoordinatorSlaPolicy(coordinator_url = 'http://127.0.0.1:"
          + coordinator.getAddress().getPort() + "/sla'), "
          + "update_config = UpdateConfig(batch_size = 1, watch_secs = 1, sla_aware = True)";
      operator.apply(NS, "coordinated", null, service("coordinated", 2, "v1", fields));
      Set<String> v1 = taskIds(running(operator, "coordinated", 2));
      operator.apply(NS, "coordinated", null, service("coordinated", 2, "v2", fields));
      assertTrue(operator.sees(NS, "coordinated", s -> s.update() != null && s.update().message() != null
          && s.update().message().contains("answered drain=false"), 30), "the coordinator's no shows");
      long start = System.nanoTime();
      while (asked.size() < 3 && System.nanoTime() - start < 30_000_000_000L) {
        OperatorHarness.sleep(100);
      }
      assertTrue(asked.size() >= 3, "a no is asked again: " + asked);
      assertEquals("task=cluster1/team/prod/coordinated/0", asked.get(0));
      assertEquals(v1, taskIds(operator.job(NS, "coordinated").get().getStatus()), "no instance went");

      allow.set(true);
      AuroraJobStatus done = operator.await(NS, "coordinated", "rolled forward once the coordinator allowed it",
          s -> updateIs(s, "ROLLED_FORWARD") && inState(s, "RUNNING") == 2, 90).getStatus();
      assertTrue(taskIds(done).stream().noneMatch(v1::contains));
      assertTrue(asked.contains("task=cluster1/team/prod/coordinated/1"), asked.toString());
      cleanUp(operator, "coordinated");
    } finally {
      coordinator.stop(0);
    }
  }
}
