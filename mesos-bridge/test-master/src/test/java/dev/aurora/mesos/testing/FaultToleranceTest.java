package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.MesosFrameworkTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The framework survives the faults Mesos has: master restart, failover to another master, agent loss, lost
 * acknowledgements and duplicate updates, without losing or duplicating a task.
 */
class FaultToleranceTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private FakeMesosCluster cluster;
  private ScriptedExecutors executors;
  private MesosFramework framework;
  private final RecordingListener events = new RecordingListener();

  private void start(int masters, List<URI> frameworkMasters, AgentSpec... agents) throws Exception {
    executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(masters, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    for (AgentSpec a : agents) {
      cluster.addAgent(a);
    }
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(
        frameworkMasters == null ? cluster.masterUrls() : frameworkMasters), new InMemoryFrameworkIdStore());
    framework.start(List.of(), events.acknowledging(framework));
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

  private List<LaunchRequest> launch(String job, int count) {
    List<LaunchRequest> launched = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      LaunchRequest r = Frameworks.instance(job, i);
      framework.launch(r);
      launched.add(r);
    }
    return launched;
  }

  private void awaitRunning(List<LaunchRequest> requests) throws InterruptedException {
    for (LaunchRequest r : requests) {
      events.await(r.taskId(), TaskState.RUNNING, WAIT);
    }
  }

  /** Every task the framework placed runs exactly once on the cluster, and each state was reported once. */
  private void assertNoTaskLostOrDuplicated(int expectedTasks) {
    String fw = framework.frameworkId().orElseThrow();
    assertEquals(expectedTasks, cluster.launchCount(), "launches on the cluster");
    Map<String, Protos.TaskState> onCluster = cluster.tasks(fw);
    assertEquals(expectedTasks, onCluster.size());
    onCluster.values().forEach(s -> assertEquals(Protos.TaskState.TASK_RUNNING, s));
    events.assertNoRepeatedStates();
  }

  @Test
  void masterRestartKeepsTasksAndTheFrameworkId() throws Exception {
    start(1, null, AgentSpec.of("h1"), AgentSpec.of("h2"));
    List<LaunchRequest> before = launch("web", 2);
    awaitRunning(before);
    String id = framework.frameworkId().orElseThrow();
    int subscriptions = cluster.callCount(Call.Type.SUBSCRIBE);

    cluster.restartLeader();
    eventually("re-subscribed", () -> cluster.callCount(Call.Type.SUBSCRIBE) > subscriptions
        && cluster.isSubscribed(id));
    List<LaunchRequest> after = launch("api", 2);
    awaitRunning(after);
    assertEquals(id, framework.frameworkId().orElseThrow());
    assertNoTaskLostOrDuplicated(4);
  }

  @Test
  void failoverToASecondMasterFollowsTheRedirectAndKeepsTheFrameworkId() throws Exception {
    // The leader crashes; the framework's connection fails, it moves on to the next master in its list, which has
    // been elected meanwhile, and re-subscribes there with the same framework id.
    start(2, null, AgentSpec.of("h1"), AgentSpec.of("h2"));
    eventually("subscribed", framework::isSubscribed);
    String id = framework.frameworkId().orElseThrow();
    List<LaunchRequest> before = launch("web", 2);
    awaitRunning(before);

    cluster.crashLeader();
    cluster.elect(1);
    eventually("subscribed to the new leader", () -> cluster.isSubscribed(id));
    List<LaunchRequest> after = launch("api", 2);
    awaitRunning(after);
    assertEquals(id, framework.frameworkId().orElseThrow());
    assertNoTaskLostOrDuplicated(4);
  }

  @Test
  void aStandbyFirstInTheListRedirectsToTheLeader() throws Exception {
    start(2, null);
    framework.close(); // replaced by one that only knows the standby
    RecordingListener viaStandby = new RecordingListener();
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(List.of(cluster.master(1).url())),
        new InMemoryFrameworkIdStore());
    framework.start(List.of(), viaStandby.acknowledging(framework));
    cluster.addAgent(AgentSpec.of("h1"));
    LaunchRequest r = Frameworks.instance("web", 0);
    framework.launch(r);
    viaStandby.await(r.taskId(), TaskState.RUNNING, WAIT);
  }

  @Test
  void agentLossReportsItsTasksLostAndReplacementsLandElsewhere() throws Exception {
    start(1, null, AgentSpec.of("h1"));
    LaunchRequest first = Frameworks.instance("web", 0);
    framework.launch(first);
    TaskStatusEvent running = events.await(first.taskId(), TaskState.RUNNING, WAIT);
    cluster.addAgent(AgentSpec.of("h2"));
    String lostAgent = cluster.agents().stream().filter(a -> a.hostname().equals(running.host())).findFirst()
        .orElseThrow().id();
    cluster.removeAgent(lostAgent);
    TaskStatusEvent lost = events.await(first.taskId(), TaskState.LOST, WAIT);
    assertTrue(lost.message().contains("REASON_AGENT_REMOVED") || lost.message().contains("lost"), lost.message());
    LaunchRequest replacement = Frameworks.instance("web", 0);
    framework.launch(replacement);
    TaskStatusEvent placed = events.await(replacement.taskId(), TaskState.RUNNING, WAIT);
    assertNotEquals(running.host(), placed.host());
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING,
        TaskState.LOST), events.states(first.taskId()), "LOST reported once although master and FAILURE both say so");
  }

  @Test
  void lostAcknowledgementsAreRetriedUntilTheyArrive() throws Exception {
    start(1, null, AgentSpec.of("h1"));
    cluster.dropAcknowledgements(true);
    LaunchRequest r = Frameworks.instance("web", 0);
    framework.launch(r);
    events.await(r.taskId(), TaskState.STARTING, WAIT);
    eventually("STARTING redelivered and acknowledged again", () -> cluster.callCount(Call.Type.ACKNOWLEDGE) >= 3);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING), events.states(r.taskId()),
        () -> "RUNNING stays at the agent until STARTING is acknowledged: " + events.events(r.taskId()));
    cluster.dropAcknowledgements(false);
    events.await(r.taskId(), TaskState.RUNNING, WAIT);
    eventually("executor saw both acknowledgements", () -> executors.acknowledgedCount(r.taskId()) == 2);
    assertNoTaskLostOrDuplicated(1);
  }

  @Test
  void duplicateUpdatesAreAcknowledgedButReportedOnce() throws Exception {
    start(1, null, AgentSpec.of("h1"), AgentSpec.of("h2"), AgentSpec.of("h3"));
    cluster.duplicateUpdates(true);
    List<LaunchRequest> launched = launch("web", 3);
    awaitRunning(launched);
    eventually("each duplicate acknowledged", () -> cluster.callCount(Call.Type.ACKNOWLEDGE) >= 12);
    assertNoTaskLostOrDuplicated(3);
  }

  @Test
  void reconciliationAnswerThatOvertakesTheLaunchDoesNotLoseTheTask() throws Exception {
    start(1, null, AgentSpec.of("h1"));
    cluster.delayAccepts(Duration.ofMillis(500));
    LaunchRequest r = Frameworks.instance("web", 0);
    framework.launch(r);
    events.await(r.taskId(), TaskState.ASSIGNED, WAIT);
    framework.reconcile(List.of(r.taskId())); // the master does not know the task yet: it answers TASK_LOST
    events.await(r.taskId(), TaskState.RUNNING, WAIT);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING),
        events.states(r.taskId()));
    assertNoTaskLostOrDuplicated(1);
  }
}
