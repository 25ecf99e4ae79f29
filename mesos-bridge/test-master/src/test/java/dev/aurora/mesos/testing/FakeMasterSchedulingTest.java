package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.RawScheduler.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Offers, launches, updates, acknowledgements, reconciliation and failure handling of the in-test master. */
class FakeMasterSchedulingTest {
  private FakeMesosCluster cluster;
  private ScriptedExecutors executors;
  private RawScheduler scheduler;

  private RawScheduler start(ScriptedExecutors runtime, MasterOptions options, AgentSpec... agents)
      throws Exception {
    executors = runtime;
    cluster = new FakeMesosCluster(1, options, runtime);
    runtime.attach(cluster);
    for (AgentSpec a : agents) {
      cluster.addAgent(a);
    }
    scheduler = new RawScheduler(cluster.leaderUrl()).subscribe();
    return scheduler;
  }

  @AfterEach
  void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Event.Offers offers(RawScheduler s) throws InterruptedException {
    return s.next(type(Event.Type.OFFERS)).getOffers();
  }

  static TaskInfo task(String id, Offer offer, double cpus, double mem) {
    return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(offer.getAgentId())
        .addResources(scalar("cpus", cpus)).addResources(scalar("mem", mem))
        .setExecutor(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e-" + id))
            .setType(ExecutorInfo.Type.CUSTOM).setCommand(CommandInfo.newBuilder().setValue("true"))
            .addResources(scalar("cpus", 0.01)).addResources(scalar("mem", 32)))
        .build();
  }

  static Resource scalar(String name, double v) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(v)).build();
  }

  static Call.Builder accept(Offer offer, TaskInfo... tasks) {
    return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId()).addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks)))));
  }

  private static Event update(RawScheduler s, String taskId, TaskState state) throws InterruptedException {
    return s.next(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue()
        .equals(taskId) && e.getUpdate().getStatus().getState() == state);
  }

  private static Call.Builder decline(Offer offer, double refuseSeconds) {
    return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
        .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds)));
  }

  private static Call.Builder ack(TaskStatus status) {
    return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
        .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid()));
  }

  @Test
  void agentsAreOfferedWithResourcesPortsAttributesAndRole() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(),
        AgentSpec.of("h1").withAttributes(Map.of("rack", "r1")));
    Offer offer = offers(s).getOffers(0);
    assertEquals("h1", offer.getHostname());
    assertEquals(s.frameworkId, offer.getFrameworkId().getValue());
    Map<String, Resource> byName = new java.util.HashMap<>();
    offer.getResourcesList().forEach(r -> byName.put(r.getName(), r));
    assertEquals(4.0, byName.get("cpus").getScalar().getValue());
    assertEquals(8192.0, byName.get("mem").getScalar().getValue());
    assertEquals(31000, byName.get("ports").getRanges().getRange(0).getBegin());
    assertEquals(32000, byName.get("ports").getRanges().getRange(0).getEnd());
    assertEquals("*", byName.get("cpus").getAllocationInfo().getRole());
    assertEquals("rack", offer.getAttributes(0).getName());
    assertEquals("r1", offer.getAttributes(0).getText().getValue());
  }

  @Test
  void updatesAreHeldUntilAcknowledgedOneAtATimeAndRetried() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    assertEquals(202, s.post(accept(offer, task("t1", offer, 1, 128))).statusCode());
    TaskStatus starting = update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus();
    assertEquals(16, starting.getUuid().size());
    assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, starting.getSource());
    // Without an acknowledgement RUNNING stays at the agent and STARTING is sent again after the retry interval.
    Event retried = s.next(e -> e.getType() == Event.Type.UPDATE, Duration.ofSeconds(3));
    assertEquals(TaskState.TASK_STARTING, retried.getUpdate().getStatus().getState());
    assertEquals(starting.getUuid(), retried.getUpdate().getStatus().getUuid());
    assertEquals(202, s.post(ack(starting)).statusCode());
    TaskStatus running = update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus();
    assertEquals(202, s.post(ack(running)).statusCode());
    assertNull(s.poll(e -> e.getType() == Event.Type.UPDATE, Duration.ofMillis(1200)), "acknowledged: no resend");
    assertEquals(2, executors.acknowledgedCount("t1"), "the executor saw both ACKNOWLEDGED");
  }

  /**
   * The agent retries an unacknowledged update with exponential back-off (MESOS.md A.4): the gaps between deliveries
   * at least double (only lower bounds are checked: a loaded machine makes gaps longer, never shorter).
   */
  @Test
  void unacknowledgedUpdatesAreRetriedWithExponentialBackOff() throws Exception {
    Duration retry = Duration.ofMillis(200);
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests().withStatusUpdateRetry(retry),
        AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    assertEquals(202, s.post(accept(offer, task("t1", offer, 1, 128))).statusCode());
    update(s, "t1", TaskState.TASK_STARTING);
    long previous = System.nanoTime();
    for (int attempt = 0; attempt < 3; attempt++) {
      update(s, "t1", TaskState.TASK_STARTING);
      long now = System.nanoTime();
      long atLeast = retry.toNanos() << attempt;
      assertTrue(now - previous >= atLeast * 9 / 10, "retry " + attempt + " came after "
          + Duration.ofNanos(now - previous).toMillis() + " ms, expected at least " + (atLeast / 1_000_000) + " ms");
      previous = now;
    }
  }

  /** A framework that subscribes again gets its pending updates at once, as an agent resends them on re-registration. */
  @Test
  void pendingUpdatesAreResentWhenTheFrameworkSubscribesAgain() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests()
        .withStatusUpdateRetry(Duration.ofMinutes(5)), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    assertEquals(202, s.post(accept(offer, task("t1", offer, 1, 128))).statusCode());
    TaskStatus starting = update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus();
    try (RawScheduler again = new RawScheduler(cluster.leaderUrl())) {
      again.frameworkId = s.frameworkId;
      again.subscribe();
      // The retry timer is minutes away: only the re-subscription can have sent it.
      assertEquals(starting.getUuid(), update(again, "t1", TaskState.TASK_STARTING).getUpdate().getStatus().getUuid());
    }
  }

  @Test
  void malformedAcknowledgementUuidIs400() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    var response = s.post(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge
        .newBuilder().setAgentId(AgentID.newBuilder().setValue("a")).setTaskId(TaskID.newBuilder().setValue("t"))
        .setUuid(org.apache.mesos.protobuf.ByteString.copyFromUtf8("short"))));
    assertEquals(400, response.statusCode());
  }

  @Test
  void launchOnAnUnknownOrUsedOfferIsTaskLostWithoutUuid() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    update(s, "t1", TaskState.TASK_STARTING);
    s.post(accept(offer, task("t2", offer, 1, 128))); // the offer was used already
    TaskStatus lost = update(s, "t2", TaskState.TASK_LOST).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_INVALID_OFFERS, lost.getReason());
    assertEquals(TaskStatus.Source.SOURCE_MASTER, lost.getSource());
    assertFalse(lost.hasUuid());
  }

  @Test
  void invalidTasksAreTaskErrorWithoutUuid() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    TaskInfo tooBig = task("big", offer, 64, 128);
    TaskInfo both = task("both", offer, 0.1, 32).toBuilder().setCommand(CommandInfo.newBuilder().setValue("x"))
        .build();
    TaskInfo wrongAgent = task("elsewhere", offer, 0.1, 32).toBuilder()
        .setAgentId(AgentID.newBuilder().setValue("other")).build();
    s.post(accept(offer, tooBig, both, wrongAgent));
    for (String id : List.of("big", "both", "elsewhere")) {
      TaskStatus error = update(s, id, TaskState.TASK_ERROR).getUpdate().getStatus();
      assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, error.getReason());
      assertFalse(error.hasUuid());
    }
    assertTrue(cluster.tasks(s.frameworkId).isEmpty());
  }

  @Test
  void declinedResourcesAreFilteredForRefuseSecondsAndReviveClearsFilters() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(decline(offer, 1.0));
    long declinedAt = System.nanoTime();
    Offer second = offers(s).getOffers(0);
    assertTrue(System.nanoTime() - declinedAt >= 900_000_000L, "re-offered only after refuse_seconds");
    s.post(decline(second, 3600));
    assertNull(s.poll(type(Event.Type.OFFERS), Duration.ofMillis(400)));
    s.post(Call.newBuilder().setType(Call.Type.REVIVE));
    offers(s);
  }

  @Test
  void suppressStopsOffersUntilRevive() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(Call.newBuilder().setType(Call.Type.SUPPRESS));
    s.post(decline(offer, 0.01));
    assertNull(s.poll(type(Event.Type.OFFERS), Duration.ofMillis(400)));
    s.post(Call.newBuilder().setType(Call.Type.REVIVE));
    offers(s);
  }

  @Test
  void offersAreRescindedOnResubscriptionAndWhenTheAgentGoes() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    RawScheduler again = new RawScheduler(cluster.leaderUrl());
    again.frameworkId = s.frameworkId;
    again.subscribe();
    Event rescind = again.next(type(Event.Type.RESCIND));
    assertEquals(offer.getId(), rescind.getRescind().getOfferId());
    Offer fresh = offers(again).getOffers(0);
    cluster.removeAgent(fresh.getAgentId().getValue());
    assertEquals(fresh.getId(), again.next(type(Event.Type.RESCIND)).getRescind().getOfferId());
    again.close();
  }

  @Test
  void explicitAndImplicitReconciliation() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    s.post(ack(update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus()));
    s.post(ack(update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus()));
    s.post(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")))
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost")))));
    TaskStatus known = update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, known.getReason());
    assertEquals(TaskStatus.Source.SOURCE_MASTER, known.getSource());
    assertEquals("Reconciliation: Latest task state", known.getMessage());
    assertFalse(known.hasUuid());
    TaskStatus ghost = update(s, "ghost", TaskState.TASK_LOST).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, ghost.getReason());
    assertFalse(ghost.hasUuid());
    s.post(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance()));
    TaskStatus implicit = update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus();
    assertFalse(implicit.hasUuid());
  }

  @Test
  void reconciliationAnswersWithTheStateOfTheUpdateStillUnacknowledged() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    TaskStatus starting = update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus();
    // RUNNING waits behind the unacknowledged STARTING: the master's status_update_state is still STARTING.
    Call.Builder reconcile = Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))));
    s.post(reconcile);
    TaskStatus answer = update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, answer.getReason());
    assertFalse(answer.hasUuid());
    s.post(ack(starting));
    s.post(ack(update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus()));
    s.post(reconcile);
    assertEquals(TaskStatus.Reason.REASON_RECONCILIATION,
        update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus().getReason());
  }

  @Test
  void killEndsARunningTaskAndUnknownTasksComeBackLost() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    s.post(ack(update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus()));
    s.post(ack(update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus()));
    s.post(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t1"))));
    TaskStatus killed = update(s, "t1", TaskState.TASK_KILLED).getUpdate().getStatus();
    assertTrue(killed.hasUuid());
    s.post(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("nope"))));
    assertFalse(update(s, "nope", TaskState.TASK_LOST).getUpdate().getStatus().hasUuid());
  }

  @Test
  void terminalTasksReleaseResourcesAndStayUntilAcknowledged() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(),
        AgentSpec.of("h1").withResources(1.1, 1024));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    s.post(ack(update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus()));
    s.post(ack(update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus()));
    s.post(Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t1"))));
    TaskStatus killed = update(s, "t1", TaskState.TASK_KILLED).getUpdate().getStatus();
    Offer freed = offers(s).getOffers(0);
    double cpus = freed.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
        .orElseThrow().getScalar().getValue();
    assertEquals(1.1, cpus, 1e-9);
    assertEquals(Map.of("t1", TaskState.TASK_KILLED), cluster.tasks(s.frameworkId));
    s.post(ack(killed));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!cluster.tasks(s.frameworkId).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(cluster.tasks(s.frameworkId).isEmpty());
  }

  @Test
  void shutdownOfAHungExecutorDestroysItAfterTheGracePeriod() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    s.post(ack(update(s, "t1", TaskState.TASK_STARTING).getUpdate().getStatus()));
    s.post(ack(update(s, "t1", TaskState.TASK_RUNNING).getUpdate().getStatus()));
    executors.hang("e-t1");
    s.post(Call.newBuilder().setType(Call.Type.SHUTDOWN).setShutdown(Call.Shutdown.newBuilder()
        .setAgentId(offer.getAgentId()).setExecutorId(ExecutorID.newBuilder().setValue("e-t1"))));
    TaskStatus failed = update(s, "t1", TaskState.TASK_FAILED).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, failed.getReason());
    assertEquals(TaskStatus.Source.SOURCE_AGENT, failed.getSource());
    assertTrue(failed.hasUuid());
    Event failure = s.next(type(Event.Type.FAILURE));
    assertEquals("e-t1", failure.getFailure().getExecutorId().getValue());
  }

  @Test
  void agentLossMakesItsTasksLostAndSendsFailure() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    update(s, "t1", TaskState.TASK_STARTING);
    cluster.removeAgent(offer.getAgentId().getValue());
    TaskStatus lost = update(s, "t1", TaskState.TASK_LOST).getUpdate().getStatus();
    assertEquals(TaskStatus.Reason.REASON_AGENT_REMOVED, lost.getReason());
    assertFalse(lost.hasUuid());
    Event failure = s.next(type(Event.Type.FAILURE));
    assertEquals(offer.getAgentId(), failure.getFailure().getAgentId());
    assertFalse(failure.getFailure().hasExecutorId());
  }

  @Test
  void teardownRemovesTheFrameworkForever() throws Exception {
    RawScheduler s = start(ScriptedExecutors.running(), MasterOptions.forTests(), AgentSpec.of("h1"));
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    update(s, "t1", TaskState.TASK_STARTING);
    assertEquals(202, s.post(Call.newBuilder().setType(Call.Type.TEARDOWN)).statusCode());
    s.next(type(Event.Type.UNKNOWN));
    assertFalse(cluster.frameworkIds().contains(s.frameworkId));
    RawScheduler again = new RawScheduler(cluster.leaderUrl());
    again.frameworkId = s.frameworkId;
    again.subscribe();
    assertEquals("Framework has been removed", again.next(type(Event.Type.ERROR)).getError().getMessage());
    again.close();
  }

  @Test
  void disconnectedFrameworkKeepsItsTasksForTheFailoverTimeoutOnly() throws Exception {
    ScriptedExecutors runtime = ScriptedExecutors.running();
    executors = runtime;
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), runtime);
    runtime.attach(cluster);
    cluster.addAgent(AgentSpec.of("h1"));
    Call subscribe = RawScheduler.subscribeCall(null);
    subscribe = subscribe.toBuilder().setSubscribe(subscribe.getSubscribe().toBuilder().setFrameworkInfo(
        subscribe.getSubscribe().getFrameworkInfo().toBuilder().setFailoverTimeout(1.0))).build();
    RawScheduler s = new RawScheduler(cluster.leaderUrl()).subscribe(subscribe, "application/x-protobuf");
    scheduler = s;
    Offer offer = offers(s).getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128)));
    update(s, "t1", TaskState.TASK_STARTING);
    s.close();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (cluster.frameworkIds().contains(s.frameworkId) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(cluster.frameworkIds().contains(s.frameworkId), "removed after failover_timeout");
  }
}
