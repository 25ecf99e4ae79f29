package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskConfig;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The framework's preemption against the in-test master: one agent that a preemptible task fills (0.5 + 0.05
 * executor cpus of 1.0), a production task that needs the same. The victim is reported PREEMPTING, then KILLED, no
 * sooner than the delay after the production task became pending; what its kill frees goes to the production task
 * even when a task of the victim's shape is pending ahead of it; a restarted framework preempts its predecessor's
 * tasks only when told what they were launched with.
 */
class MesosFrameworkPreemptionTest {
  private static final Duration DELAY = Duration.ofMillis(800);

  private FakeMesosCluster cluster;
  private MesosFramework framework;
  private final InMemoryFrameworkIdStore ids = new InMemoryFrameworkIdStore();
  private RecordingListener events = new RecordingListener();

  private void startCluster() throws Exception {
    ScriptedExecutors executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("h1").withResources(1.0, 1024));
  }

  private MesosFramework startFramework(List<LaunchRequest> adopted, List<String> known) {
    FrameworkConfig config = Frameworks.fast(Frameworks.installedExecutor()).preemptionDelay(DELAY).build();
    framework = new MesosFramework(config, new StaticMasterDetector(cluster.masterUrls()), ids);
    framework.adopt(adopted);
    framework.start(known, events.acknowledging(framework));
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

  private static LaunchRequest task(String name, String tier, int priority) {
    return task(name, 0.5, tier, priority);
  }

  private static LaunchRequest task(String name, double cpus, String tier, int priority) {
    LaunchRequest r = Frameworks.instance(name, 0);
    return new LaunchRequest(r.job(), 0, r.taskId(),
        new dev.aurora.backend.TaskResources(cpus, 16, 16, r.resources().portNames()), r.constraints(), r.document(),
        new TaskConfig(tier, List.of(), null, priority));
  }

  @Test
  void aProductionTaskPreemptsAfterTheDelayAndTheFreedRoomIsHeldForIt() throws Exception {
    startCluster();
    startFramework(List.of(), List.of());
    LaunchRequest victim = task("batch", "preemptible", 0);
    framework.launch(victim);
    events.await(victim.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));

    // Pending ahead of the production task, of the victim's shape and priority: it may preempt nothing.
    LaunchRequest sameShape = task("batch2", "preemptible", 0);
    framework.launch(sameShape);
    LaunchRequest production = task("web", "preferred", 0);
    framework.launch(production);
    TaskStatusEvent pendingSince = events.await(production.taskId(), TaskState.PENDING, Duration.ofSeconds(10));

    TaskStatusEvent preempting = events.await(victim.taskId(), TaskState.PREEMPTING, Duration.ofSeconds(10));
    assertEquals("Preempting in favor of " + production.taskId(), preempting.message());
    // (Less 20 ms: event times are wall-clock readings taken a moment after the monotonic ones the delay runs on.)
    assertTrue(!preempting.timestamp().isBefore(pendingSince.timestamp().plus(DELAY).minusMillis(20)),
        "preempted at " + preempting.timestamp() + ", pending since " + pendingSince.timestamp());
    events.await(victim.taskId(), TaskState.KILLED, Duration.ofSeconds(10));
    events.await(production.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING,
        TaskState.PREEMPTING, TaskState.KILLED), events.states(victim.taskId()));

    Thread.sleep(DELAY.multipliedBy(3).toMillis());
    assertEquals(List.of(TaskState.PENDING), events.states(sameShape.taskId()), "still pending, preempting nothing");
    assertEquals(1, framework.stats().tasksPreempted());
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING),
        events.states(production.taskId()));
  }

  @Test
  void anAgentWhoseFreeRoomAnotherFrameworkTookCountsAsFullOnceItIsNoLongerOffered() throws Exception {
    ScriptedExecutors executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("h1").withResources(2.0, 1024));
    startFramework(List.of(), List.of());
    LaunchRequest victim = task("batch", 0.9, "preemptible", 0);
    framework.launch(victim);
    events.await(victim.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));

    // The 1.05 cpus left were last offered to us; now another framework takes them and all the memory, so the
    // agent is offered to nobody any more.
    try (RawScheduler other = new RawScheduler(cluster.leaderUrl()).subscribe()) {
      org.apache.mesos.v1.Protos.Offer offer = other.next(RawScheduler.type(
          org.apache.mesos.v1.scheduler.Protos.Event.Type.OFFERS)).getOffers().getOffers(0);
      other.post(FakeMasterSchedulingTest.accept(offer, FakeMasterSchedulingTest.task("other-1", offer,
          scalar(offer, "cpus") - 0.015, scalar(offer, "mem") - 33))); // leaving less than Mesos offers
      var update = other.next(e -> e.hasUpdate()).getUpdate().getStatus();
      assertTrue(update.getState() == org.apache.mesos.v1.Protos.TaskState.TASK_STARTING
          || update.getState() == org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING, update.toString());

      // What was last offered would hold the production task, but it is gone: once it has not been offered for a
      // delay, the agent counts as full and the victim is preempted.
      LaunchRequest production = task("web", "preferred", 0);
      framework.launch(production);
      events.await(victim.taskId(), TaskState.PREEMPTING, Duration.ofSeconds(10));
      events.await(production.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));
    }
  }

  private static double scalar(org.apache.mesos.v1.Protos.Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name) && !r.hasRevocable())
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  @Test
  void aRestartedFrameworkPreemptsItsPredecessorsTasksFromWhatItIsTold() throws Exception {
    startCluster();
    startFramework(List.of(), List.of());
    LaunchRequest victim = task("batch", "preemptible", 0);
    framework.launch(victim);
    events.await(victim.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));
    framework.close();

    // Not told: Mesos says only that the task runs, not what it holds or its tier, so it is no victim.
    events = new RecordingListener();
    startFramework(List.of(), List.of(victim.taskId()));
    events.awaitInitialReport(Duration.ofSeconds(10));
    LaunchRequest production = task("web", "preferred", 0);
    framework.launch(production);
    Thread.sleep(DELAY.multipliedBy(3).toMillis());
    assertEquals(0, framework.stats().tasksPreempted());
    framework.kill(production.taskId());
    events.await(production.taskId(), TaskState.KILLED, Duration.ofSeconds(10));
    framework.close();

    // Told, as the core tells it from its records: preempted.
    events = new RecordingListener();
    startFramework(List.of(victim), List.of(victim.taskId()));
    LaunchRequest again = task("web", "preferred", 0);
    framework.launch(again);
    TaskStatusEvent preempting = events.await(victim.taskId(), TaskState.PREEMPTING, Duration.ofSeconds(10));
    assertEquals("h1", preempting.host());
    events.await(victim.taskId(), TaskState.KILLED, Duration.ofSeconds(10));
    events.await(again.taskId(), TaskState.RUNNING, Duration.ofSeconds(10));
    assertEquals(1, framework.stats().tasksPreempted());
  }
}
