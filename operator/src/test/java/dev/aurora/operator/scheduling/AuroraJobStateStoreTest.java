package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobState;
import dev.aurora.operator.store.AuroraJobStateStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Job records in AuroraJobState objects on a real API server: what is saved loads back, and a save writes little. */
@WithKubeApiServer
class AuroraJobStateStoreTest {
  private static final String UPDATE = "update_config=UpdateConfig(batch_size=5, watch_secs=10)";

  @BeforeAll
  static void crds(KubernetesClient client) {
    AuroraJobCrd.install(client);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build())
        .serverSideApply();
  }

  @Test
  void aRecordWithAnUpdateInFlightLoadsBackAsItWasSaved(KubernetesClient client) {
    MachineDriver job = midUpdate(600);
    AuroraJobStateStore store = new AuroraJobStateStore(client, List.of("ns"));
    store.save(null, job.record);
    JobRecord loaded = store.loadAll().stream().filter(r -> r.ref().equals(job.record.ref())).findFirst()
        .orElseThrow();
    assertSameRecord(job.record, loaded);

    // The loaded record carries on: the update finishes from it alone.
    MachineDriver resumed = new MachineDriver(loaded);
    resumed.now = job.now;
    for (int round = 0; round < 200 && resumed.record.update() != null; round++) {
      for (InstanceRecord i : resumed.record.instances().values()) {
        if (i.task() != null && i.task().killRequested() && i.task().active()) {
          resumed.report(i.id(), TaskState.KILLED);
        }
      }
      resumed.allRunning();
      resumed.advance(Duration.ofSeconds(11));
    }
    assertEquals(UpdateView.UpdateState.ROLLED_FORWARD, resumed.record.lastUpdate().state());
  }

  @Test
  void aHeldUpdateKeepsItsPauseItsLastPulseAndItsSlaWaitsAcrossASaveAndLoad(KubernetesClient client) {
    String update = "update_config=UpdateConfig(watch_secs=10, pulse_interval_secs=60, sla_aware=True, "
        + "update_strategy=BatchUpdateStrategy(batch_size=1, autopause_after_batch=True)), tier='preferred', "
        + "sla_policy=CountSlaPolicy(count=2, duration_secs=60)";
    MachineDriver job = new MachineDriver(JobRecord.empty(new JobRef("ns", "held"), "uid-held"));
    job.settings = MachineDriver.SETTINGS.withSla(new SlaSettings(3, false, Duration.ofMinutes(1),
        Duration.ofMinutes(5), Duration.ofSeconds(30)));
    job.apply(service("held", "serve v1", "instances=3, " + update));
    job.allRunning();
    job.advance(Duration.ofSeconds(70));
    job.on(new JobEvent.Apply(JobConfig.of(service("held", "serve v2", "instances=3, " + update), null),
        UpdateControlTest.controls(false, "r1", "p1", "")));
    job.on(new JobEvent.Apply(job.record.target(), UpdateControlTest.controls(false, "r1", "p2", "")));
    job.report(0, TaskState.KILLED);
    job.report(0, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11));
    UpdateRecord paused = job.record.update();
    assertEquals(UpdateView.UpdateState.ROLL_FORWARD_PAUSED, paused.state());
    assertEquals("r1", paused.gates().autoPausedToken());
    assertNotNull(paused.gates().lastPulse());

    AuroraJobStateStore store = new AuroraJobStateStore(client, List.of("ns"));
    store.save(null, job.record);
    JobRecord loaded = store.loadAll().stream().filter(r -> r.ref().equals(job.record.ref())).findFirst()
        .orElseThrow();
    assertSameRecord(job.record, loaded);

    // After the restart: still paused; the resume token lets it go on, and instance 1 now waits for the SLA.
    MachineDriver restarted = new MachineDriver(loaded);
    restarted.settings = job.settings;
    restarted.now = job.now;
    restarted.on(new JobEvent.Apply(loaded.target(), UpdateControlTest.controls(false, "r1", "p2", "")));
    assertEquals(UpdateView.UpdateState.ROLL_FORWARD_PAUSED, restarted.record.update().state());
    restarted.on(new JobEvent.Apply(loaded.target(), UpdateControlTest.controls(false, "r2", "p3", "")));
    assertEquals(UpdateView.UpdateState.ROLLING_FORWARD, restarted.record.update().state());
    SlaWait wait = restarted.record.update().gates().slaWaits().get(1);
    assertNotNull(wait, "instance 0 has run 11 s only: instance 1 waits for the SLA");
    store.save(loaded, restarted.record);
    JobRecord reloaded = store.loadAll().stream().filter(r -> r.ref().equals(job.record.ref())).findFirst()
        .orElseThrow();
    assertEquals(restarted.record.update(), reloaded.update(), "the SLA wait and the last pulse are kept");
    store.delete(new JobRef("ns", "held"));
  }

  @Test
  void aChangeOfOneInstanceRewritesOneShard(KubernetesClient client) {
    MachineDriver job = new MachineDriver(JobRecord.empty(new JobRef("ns", "shards"), null));
    job.apply(service("shards", "serve", "instances=600"));
    job.allRunning();
    AuroraJobStateStore store = new AuroraJobStateStore(client, List.of("ns"));
    store.save(null, job.record);
    Map<String, String> before = versions(client, "shards");
    assertEquals(1 + 1 + 3, before.size(), "head, one config, three shards of 256: " + before.keySet());
    JobRecord previous = job.record;
    job.report(300, TaskState.FAILED);
    store.save(previous, job.record);
    Map<String, String> after = versions(client, "shards");
    List<String> rewritten = before.keySet().stream().filter(n -> !before.get(n).equals(after.get(n))).sorted()
        .toList();
    assertEquals(List.of("shards-i1"), rewritten);

    store.delete(new JobRef("ns", "shards"));
    assertTrue(versions(client, "shards").isEmpty(), "delete removes every part");
  }

  @Test
  void longJobNamesStillMakeValidDistinctObjectNames(KubernetesClient client) {
    String name = "a".repeat(240);
    MachineDriver job = new MachineDriver(JobRecord.empty(new JobRef("ns", name), null));
    job.apply(service("long", "serve", ""));
    AuroraJobStateStore store = new AuroraJobStateStore(client, List.of("ns"));
    store.save(null, job.record);
    JobRecord loaded = store.loadAll().stream().filter(r -> r.ref().name().equals(name)).findFirst().orElseThrow();
    assertSameRecord(job.record, loaded);
  }

  /** A 600-instance service halfway through a rolling update, with a retiring task. */
  private static MachineDriver midUpdate(int instances) {
    MachineDriver job = new MachineDriver(JobRecord.empty(new JobRef("ns", "big"), "uid-big"));
    job.apply(service("big", "serve v1", "instances=" + instances + ", " + UPDATE));
    job.allRunning();
    job.apply(service("big", "serve v2", "instances=" + instances + ", " + UPDATE));
    for (int round = 0; round < 3; round++) {
      for (InstanceRecord i : job.record.instances().values()) {
        if (i.task() != null && i.task().killRequested() && i.task().active()) {
          job.report(i.id(), TaskState.KILLED);
        }
      }
      job.allRunning();
      job.advance(Duration.ofSeconds(11));
    }
    assertNotNull(job.record.update(), "still updating");
    return job;
  }

  private static void assertSameRecord(JobRecord expected, JobRecord actual) {
    assertEquals(expected.ref(), actual.ref());
    assertEquals(expected.uid(), actual.uid());
    assertEquals(expected.target().hash(), actual.target().hash());
    assertEquals(expected.target().spec(), actual.target().spec(), "the target keeps the whole job");
    assertEquals(expected.configs().keySet(), actual.configs().keySet());
    expected.configs().forEach((hash, config) -> assertEquals(config.document(), actual.configs().get(hash)
        .document()));
    assertEquals(expected.instances(), actual.instances());
    assertEquals(expected.retiring(), actual.retiring());
    assertEquals(expected.update(), actual.update());
    assertEquals(expected.lastUpdate(), actual.lastUpdate());
    assertEquals(expected.blockedConfig(), actual.blockedConfig());
    assertEquals(expected.cron(), actual.cron());
    assertEquals(expected.deleting(), actual.deleting());
  }

  private static Map<String, String> versions(KubernetesClient client, String job) {
    return client.resources(AuroraJobState.class).inNamespace("ns").list().getItems().stream()
        .filter(s -> s.getSpec().getJob().equals(job))
        .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s.getMetadata().getResourceVersion()));
  }
}
