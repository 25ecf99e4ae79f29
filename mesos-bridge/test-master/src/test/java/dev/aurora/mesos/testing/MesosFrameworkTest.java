package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.mesos.FileFrameworkIdStore;
import dev.aurora.mesos.FrameworkIdStore;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.SchedulerClient;
import dev.aurora.mesos.StaticMasterDetector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework against the in-test master with scripted executors. */
class MesosFrameworkTest {
  private FakeMesosCluster cluster;
  private ScriptedExecutors executors;
  private MesosFramework framework;
  private final RecordingListener events = new RecordingListener();

  private void startCluster(MasterOptions options, AgentSpec... agents) throws Exception {
    executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, options, executors);
    executors.attach(cluster);
    for (AgentSpec a : agents) {
      cluster.addAgent(a);
    }
  }

  private MesosFramework startFramework(FrameworkIdStore store, SchedulerClient.Encoding encoding) {
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(cluster.masterUrls()), store,
        encoding);
    framework.start(List.of(), events.acknowledging(framework));
    return framework;
  }

  @AfterEach
  void stop() {
    if (framework != null) {
      framework.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void launchedInstancesRunWithBoundDataAndEveryUuidUpdateIsAcknowledged() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"), AgentSpec.of("h2"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    LaunchRequest a = Frameworks.instance("web", 0);
    LaunchRequest b = Frameworks.instance("web", 1);
    framework.launch(a);
    framework.launch(b);
    TaskStatusEvent assigned = events.await(a.taskId(), TaskState.ASSIGNED);
    events.await(a.taskId(), TaskState.RUNNING);
    events.await(b.taskId(), TaskState.RUNNING);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING),
        events.states(a.taskId()));
    assertTrue(Set.of("h1", "h2").contains(assigned.host()));
    assertNotEquals(events.last(a.taskId()).host(), events.last(b.taskId()).host(), "spread one per host");
    int port = assigned.ports().get("http");
    assertTrue(port >= 31000 && port <= 32000);

    TaskInfo info = cluster.taskInfo(framework.frameworkId().orElseThrow(), a.taskId());
    AssignedTask data = AssignedTask.parse(info.getData().toStringUtf8());
    assertEquals(a.document(), data.job()); // unbound: the executor binds
    assertEquals(Map.of("http", port), data.ports());
    assertEquals(assigned.host(), data.hostname());

    eventually("both tasks acknowledged twice", () -> executors.acknowledgedCount(a.taskId()) == 2
        && executors.acknowledgedCount(b.taskId()) == 2);
    assertEquals(4, cluster.callCount(Call.Type.ACKNOWLEDGE), "exactly the four executor updates were acked");
  }

  @Test
  void jsonEncodingWorksEndToEnd() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.JSON);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    eventually("acknowledged", () -> executors.acknowledgedCount(a.taskId()) == 2);
  }

  @Test
  void suppressesWhenIdleAndRevivesWhenWorkArrives() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    eventually("suppressed after subscribing with nothing to do", () -> cluster.callCount(Call.Type.SUPPRESS) >= 1);
    int revivesBefore = cluster.callCount(Call.Type.REVIVE);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    assertTrue(cluster.callCount(Call.Type.REVIVE) > revivesBefore);
    eventually("suppressed again", () -> cluster.callCount(Call.Type.SUPPRESS) >= 2);
  }

  @Test
  void killOfPendingAndRunningTasks() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1").withResources(0.2, 1024));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    LaunchRequest running = Frameworks.instance("a", 0);
    framework.launch(running);
    events.await(running.taskId(), TaskState.RUNNING);
    var bigJob = Frameworks.job("big", "");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bigJob.get("task").get("resources")).put("cpu", 8.0);
    LaunchRequest big = Frameworks.request(bigJob, 0);
    framework.launch(big);
    framework.kill(big.taskId());
    assertEquals("Killed before it was placed", events.await(big.taskId(), TaskState.KILLED).message());
    framework.kill(running.taskId());
    events.await(running.taskId(), TaskState.KILLING);
    events.await(running.taskId(), TaskState.KILLED);
  }

  @Test
  void hungExecutorIsShutDownAfterTheKillEscalationTime() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    executors.hang("aurora-" + a.taskId());
    framework.kill(a.taskId());
    TaskStatusEvent failed = events.await(a.taskId(), TaskState.FAILED);
    assertTrue(failed.message().contains("REASON_EXECUTOR_TERMINATED"), failed.message());
    assertEquals(1, cluster.callCount(Call.Type.SHUTDOWN));
  }

  @Test
  void restartedFrameworkResumesItsIdAndAdoptsTasksThroughReconciliation(@TempDir Path dir) throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    FileFrameworkIdStore store = new FileFrameworkIdStore(dir.resolve("framework-id"));
    startFramework(store, SchedulerClient.Encoding.PROTOBUF);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    String id = framework.frameworkId().orElseThrow();
    framework.close();

    RecordingListener after = new RecordingListener();
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(cluster.masterUrls()),
        new FileFrameworkIdStore(dir.resolve("framework-id")));
    framework.start(List.of(a.taskId(), "www-data-test-web-1-forgotten"), after.acknowledging(framework));
    TaskStatusEvent adopted = after.await(a.taskId(), TaskState.RUNNING);
    assertTrue(adopted.message().contains("REASON_RECONCILIATION"), adopted.message());
    after.await("www-data-test-web-1-forgotten", TaskState.LOST);
    assertEquals(id, framework.frameworkId().orElseThrow());
    assertEquals(Set.of(id), cluster.frameworkIds());
    assertEquals(1, cluster.launchCount());
  }

  /**
   * The initial report: a restarted framework reports every task its previous incarnation left running and an answer
   * for each known id before it says the report is complete, and says so once; the probe it used stays inside.
   */
  @Test
  void restartedFrameworkReportsItsSurvivingTasksAndKnownIdsBeforeTheInitialReportCompletes() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"), AgentSpec.of("h2"));
    InMemoryFrameworkIdStore store = new InMemoryFrameworkIdStore();
    startFramework(store, SchedulerClient.Encoding.PROTOBUF);
    events.awaitInitialReport(Duration.ofSeconds(10)); // a new framework knows nothing: the report is empty
    LaunchRequest a = Frameworks.instance("web", 0);
    LaunchRequest b = Frameworks.instance("web", 1);
    framework.launch(a);
    framework.launch(b);
    events.await(a.taskId(), TaskState.RUNNING);
    events.await(b.taskId(), TaskState.RUNNING);
    framework.close();

    RecordingListener after = new RecordingListener();
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(cluster.masterUrls()), store);
    framework.start(List.of(a.taskId(), "www-data-test-web-9-forgotten"), after.acknowledging(framework));
    after.awaitInitialReport(Duration.ofSeconds(10));
    List<String> order = after.order();
    int complete = order.indexOf("initial report complete");
    for (String expected : List.of(a.taskId() + " RUNNING", b.taskId() + " RUNNING",
        "www-data-test-web-9-forgotten LOST")) {
      int reported = order.indexOf(expected);
      assertTrue(reported >= 0 && reported < complete, expected + " in " + order);
    }
    assertTrue(order.stream().noneMatch(e -> e.contains("probe")), order.toString());

    // Later reconciliations report again but the initial report completes only once.
    framework.reconcile(List.of("sentinel-again"));
    after.await("sentinel-again", TaskState.LOST);
    assertEquals(1, after.initialReports());
    assertEquals(2, cluster.launchCount());
  }

    @Test
  void credentialsAreSentAsBasicAuth() throws Exception {
    startCluster(MasterOptions.forTests().withCredentials(Map.of("aurora", "s3cret")), AgentSpec.of("h1"));
    framework = new MesosFramework(Frameworks.fast(Frameworks.installedExecutor())
        .credential("aurora", "s3cret").build(), new StaticMasterDetector(cluster.masterUrls()),
        new InMemoryFrameworkIdStore());
    framework.start(List.of(), events.acknowledging(framework));
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
  }

  @Test
  void silentMasterIsDroppedAfterMissedHeartbeatsAndResubscribed() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    eventually("subscribed", framework::isSubscribed);
    String id = framework.frameworkId().orElseThrow();
    cluster.silence(true);
    eventually("re-subscribed after missing heartbeats", () -> framework.stats().subscriptions() >= 2
        || cluster.callCount(Call.Type.SUBSCRIBE) >= 2);
    cluster.silence(false);
    eventually("subscribed again", () -> framework.stats().subscriptions() >= 2);
    assertEquals(id, framework.frameworkId().orElseThrow());
  }

  @Test
  void mesosStatesAreReportedAsAuroraStates() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    startFramework(new InMemoryFrameworkIdStore(), SchedulerClient.Encoding.PROTOBUF);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    executors.report(cluster.agents().get(0), a.taskId(), Protos.TaskState.TASK_FINISHED, "done");
    TaskStatusEvent finished = events.await(a.taskId(), TaskState.FINISHED);
    assertTrue(finished.message().startsWith("done"), finished.message());
  }

  @Test
  void frameworkRemovedAfterItsFailoverTimeoutStartsAfreshAndReportsItsTasksLost() throws Exception {
    startCluster(MasterOptions.forTests(), AgentSpec.of("h1"));
    InMemoryFrameworkIdStore store = new InMemoryFrameworkIdStore();
    framework = new MesosFramework(Frameworks.fast(Frameworks.installedExecutor())
        .failoverTimeout(Duration.ofMillis(300)).build(), new StaticMasterDetector(cluster.masterUrls()), store);
    framework.start(List.of(), events.acknowledging(framework));
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    events.await(a.taskId(), TaskState.RUNNING);
    String oldId = framework.frameworkId().orElseThrow();
    framework.close();
    eventually("master removed the framework", () -> !cluster.frameworkIds().contains(oldId));

    RecordingListener after = new RecordingListener();
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(cluster.masterUrls()), store);
    framework.start(List.of(a.taskId()), after.acknowledging(framework));
    eventually("subscribed under a new id", () -> framework.isSubscribed()
        && !oldId.equals(framework.frameworkId().orElse(oldId)));
    after.await(a.taskId(), TaskState.LOST);
    assertEquals(store.load().orElseThrow(), framework.frameworkId().orElseThrow());
  }
}
