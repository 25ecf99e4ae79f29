package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.MesosFrameworkTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The framework acknowledges an update only when the listener's owner says it is durable ({@code acknowledge}); the
 * in-test master's agent keeps retrying what is unacknowledged (every {@code statusUpdateRetry}, 500 ms here), also
 * to a new framework incarnation, and forwards a task's next update only after the previous one was acknowledged.
 */
class AcknowledgementTest {
  private FakeMesosCluster cluster;
  private ScriptedExecutors executors;
  private MesosFramework framework;
  private final InMemoryFrameworkIdStore store = new InMemoryFrameworkIdStore();

  @BeforeEach
  void startCluster() throws Exception {
    executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("h1"));
  }

  @AfterEach
  void stop() {
    if (framework != null) {
      framework.close();
    }
    cluster.close();
  }

  private MesosFramework newFramework(List<String> known, RecordingListener listener) {
    framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(cluster.masterUrls()), store);
    framework.start(known, listener);
    return framework;
  }

  @Test
  void anUnacknowledgedUpdateIsRedeliveredAndReportedAgainAndLaterStatesWait() throws Exception {
    RecordingListener events = new RecordingListener(); // never acknowledges
    newFramework(List.of(), events);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    eventually("STARTING delivered three times", () -> updates(events, a.taskId(), TaskState.STARTING).size() >= 3);
    List<TaskStatusEvent> starting = updates(events, a.taskId(), TaskState.STARTING);
    assertNotNull(starting.get(0).ackId());
    assertTrue(starting.stream().allMatch(e -> e.ackId().equals(starting.get(0).ackId())),
        "the same update each time: " + starting);
    assertEquals(0, cluster.callCount(Call.Type.ACKNOWLEDGE));
    assertEquals(0, count(events, a.taskId(), TaskState.RUNNING), "RUNNING waits for STARTING's acknowledgement");
    assertEquals(0, executors.acknowledgedCount(a.taskId()));
  }

  @Test
  void afterAcknowledgeTheMasterStopsRedeliveringAndTheNextUpdateComes() throws Exception {
    RecordingListener events = new RecordingListener();
    newFramework(List.of(), events);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    framework.acknowledge(events.awaitUpdate(a.taskId(), TaskState.STARTING));
    framework.acknowledge(events.awaitUpdate(a.taskId(), TaskState.RUNNING));
    eventually("both updates acknowledged at the executor", () -> executors.acknowledgedCount(a.taskId()) == 2);
    int delivered = events.events(a.taskId()).size();
    int acks = cluster.callCount(Call.Type.ACKNOWLEDGE);
    Thread.sleep(1_500); // three retry intervals
    assertEquals(delivered, events.events(a.taskId()).size(), "nothing redelivered: " + events.events(a.taskId()));
    assertEquals(acks, cluster.callCount(Call.Type.ACKNOWLEDGE));
    framework.acknowledge(events.events(a.taskId()).get(0)); // PENDING, generated here: nothing to acknowledge
    assertNull(events.events(a.taskId()).get(0).ackId());
    Thread.sleep(100);
    assertEquals(acks, cluster.callCount(Call.Type.ACKNOWLEDGE));
  }

  @Test
  void aRepeatOfAnAcknowledgedStateIsAcknowledgedByTheFrameworkWithoutReportingItAgain() throws Exception {
    RecordingListener events = new RecordingListener();
    newFramework(List.of(), events);
    events.acknowledging(framework);
    LaunchRequest a = Frameworks.instance("web", 0);
    cluster.dropAcknowledgements(true); // our acknowledgements get lost: the agent retries
    framework.launch(a);
    events.await(a.taskId(), TaskState.STARTING);
    eventually("STARTING retried three times", () -> cluster.callCount(Call.Type.ACKNOWLEDGE) >= 4);
    // Each retry was acknowledged, but at most one (one that overtook the first acknowledgement) was reported.
    assertTrue(count(events, a.taskId(), TaskState.STARTING) <= 2, events.events(a.taskId()).toString());
    cluster.dropAcknowledgements(false);
    events.await(a.taskId(), TaskState.RUNNING);
    eventually("both updates acknowledged at the executor", () -> executors.acknowledgedCount(a.taskId()) == 2);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING),
        events.states(a.taskId()));
  }

  @Test
  void anUpdateDeliveredToAFrameworkThatCrashedBeforeAcknowledgingComesToItsSuccessor() throws Exception {
    RecordingListener first = new RecordingListener();
    newFramework(List.of(), first);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    framework.acknowledge(first.awaitUpdate(a.taskId(), TaskState.STARTING));
    TaskStatusEvent running = first.awaitUpdate(a.taskId(), TaskState.RUNNING);
    framework.close(); // crashed before RUNNING was made durable
    framework = null;
    // STARTING's acknowledgement reaches the executor asynchronously; RUNNING's never went out.
    eventually("STARTING acknowledged", () -> executors.acknowledgedCount(a.taskId()) == 1);

    RecordingListener second = new RecordingListener();
    newFramework(List.of(a.taskId()), second);
    second.acknowledging(framework);
    second.awaitInitialReport(java.time.Duration.ofSeconds(10));
    eventually("RUNNING redelivered to the new framework",
        () -> second.events(a.taskId()).stream().anyMatch(e -> e.state() == TaskState.RUNNING && e.ackId() != null));
    TaskStatusEvent again = second.events(a.taskId()).stream().filter(e -> e.ackId() != null).findFirst()
        .orElseThrow();
    assertEquals(running.ackId(), again.ackId(), "the same update (agent and uuid)");
    eventually("acknowledged by the new framework", () -> executors.acknowledgedCount(a.taskId()) == 2);
    assertEquals(org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING,
        cluster.tasks(framework.frameworkId().orElseThrow()).get(a.taskId()));
  }

  @Test
  void reconciliationReportsTheUnacknowledgedStateOfATerminalTask() throws Exception {
    RecordingListener first = new RecordingListener();
    newFramework(List.of(), first);
    first.acknowledging(framework);
    LaunchRequest a = Frameworks.instance("web", 0);
    framework.launch(a);
    first.await(a.taskId(), TaskState.RUNNING);
    eventually("RUNNING acknowledged", () -> executors.acknowledgedCount(a.taskId()) == 2);
    first.acknowledging(null);
    executors.report(cluster.agents().get(0), a.taskId(), org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED,
        "done");
    first.await(a.taskId(), TaskState.FINISHED);
    framework.close();
    framework = null;
    String frameworkId = cluster.frameworkIds().iterator().next();
    assertEquals(org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED, cluster.tasks(frameworkId).get(a.taskId()),
        "the master keeps a terminal task until its update is acknowledged");

    RecordingListener second = new RecordingListener();
    newFramework(List.of(a.taskId()), second);
    second.awaitInitialReport(java.time.Duration.ofSeconds(10));
    int complete = second.order().indexOf("initial report complete");
    assertTrue(second.order().subList(0, complete).contains(a.taskId() + " FINISHED"), second.order().toString());
    eventually("FINISHED redelivered with its uuid",
        () -> second.events(a.taskId()).stream().anyMatch(e -> e.ackId() != null));
    framework.acknowledge(second.events(a.taskId()).stream().filter(e -> e.ackId() != null).findFirst()
        .orElseThrow());
    eventually("the master forgets the task once FINISHED is acknowledged",
        () -> !cluster.tasks(frameworkId).containsKey(a.taskId()));
  }

  /** Deliveries of {@code state} that ask for an acknowledgement (reconciliation answers left out). */
  private static List<TaskStatusEvent> updates(RecordingListener events, String taskId, TaskState state) {
    return events.events(taskId).stream().filter(e -> e.state() == state && e.ackId() != null).toList();
  }

  /** Deliveries of {@code state}, redeliveries included. */
  private static long count(RecordingListener events, String taskId, TaskState state) {
    return events.events(taskId).stream().filter(e -> e.state() == state).count();
  }
}
