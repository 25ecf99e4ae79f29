package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec changes roll out as Aurora's job updates did (AURORA.md §7.3). */
class SchedulingCoreRollingUpdateTest {
  private static final JobRef WEB = CoreFixture.ref("web");
  private static final Duration STABLE = CoreFixture.FLAPPING_THRESHOLD.plusSeconds(1);
  private static final Duration WATCH = Duration.ofSeconds(10);

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static JobSpec web(String version, int instances, String update) {
    return service("web", "serve " + version, "instances=" + instances + ", update_config=UpdateConfig(" + update
        + ")");
  }

  /** Runs {@code spec} until every instance is RUNNING and stable; returns the task ids by instance. */
  private List<String> runningJob(JobSpec spec) {
    f.startAdopted();
    f.apply(WEB, spec);
    List<String> ids = f.awaitLaunches(spec.instances());
    f.running(ids.toArray(String[]::new));
    f.advance(STABLE);
    List<String> byInstance = new ArrayList<>(ids);
    ids.forEach(id -> byInstance.set(f.launchOf(id).instanceId(), id));
    return byInstance;
  }

  /** The config a task runs, as its record says (every launched task was in a saved record first). */
  private String configPrefix(String taskId) {
    return f.store.configOf(taskId);
  }

  private static String prefix(String hash) {
    return hash;
  }

  private int instanceOf(String taskId) {
    return f.launchOf(taskId).instanceId();
  }

  private UpdateView update() {
    return f.snapshot(WEB).update();
  }

  /** Kills were asked for: the backend reports them done, as it would. */
  private void killed(List<String> ids) {
    ids.forEach(id -> f.report(id, TaskState.KILLED));
  }

  @Test
  void aChangedSpecReplacesInstancesInOrderAtMostBatchSizeAtATime() {
    List<String> old = runningJob(web("v1", 4, "batch_size=2, watch_secs=10"));
    f.apply(WEB, web("v2", 4, "batch_size=2, watch_secs=10"));
    String v2 = prefix(f.snapshot(WEB).configHash());

    assertEquals(List.of(old.get(0), old.get(1)), f.awaitKills(2), "the first two instances go first");
    assertEquals(UpdateState.ROLLING_FORWARD, update().state());
    assertEquals(4, f.launched().size(), "the new task starts only once the old one is gone");
    killed(List.of(old.get(0), old.get(1)));
    List<String> launched = f.awaitLaunches(6);
    String new0 = launched.get(4);
    String new1 = launched.get(5);
    assertEquals(List.of(0, 1), List.of(instanceOf(new0), instanceOf(new1)));
    assertEquals(List.of(v2, v2), List.of(configPrefix(new0), configPrefix(new1)));

    // An instance succeeds only after RUNNING for watch_secs; queue mode refills as each one succeeds.
    f.running(new0);
    f.advance(Duration.ofSeconds(5));
    f.running(new1);
    f.advance(Duration.ofSeconds(4));
    assertEquals(2, f.kills().size(), "instance 0 has run only 9 s");
    assertEquals(0, update().instancesUpdated());
    f.advance(Duration.ofSeconds(1));
    assertEquals(old.get(2), f.awaitKills(3).get(2), "instance 0 succeeded: instance 2 takes its place");
    assertEquals(1, update().instancesUpdated());
    f.advance(Duration.ofSeconds(4));
    assertEquals(3, f.kills().size(), "instance 1 has run only 9 s");
    f.advance(Duration.ofSeconds(1));
    assertEquals(old.get(3), f.awaitKills(4).get(3));

    killed(List.of(old.get(2), old.get(3)));
    List<String> rest = f.awaitLaunches(8).subList(6, 8);
    f.running(rest.toArray(String[]::new));
    f.advance(WATCH);
    UpdateView done = CoreFixture.awaitValue("the update ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_FORWARD, done.state());
    assertEquals(4, done.instancesUpdated());
    assertEquals(4, done.instancesTotal());
    assertTrue(f.snapshot(WEB).instances().stream().allMatch(InstanceView::onTarget));
    assertEquals(8, f.launched().size());
  }

  @Test
  void waitForBatchCompletionStartsTheNextGroupOnlyWhenTheWholeGroupSucceeded() {
    List<String> old = runningJob(web("v1", 4, "batch_size=2, watch_secs=10, wait_for_batch_completion=True"));
    f.apply(WEB, web("v2", 4, "batch_size=2, watch_secs=10, wait_for_batch_completion=True"));
    killed(f.awaitKills(2));
    List<String> fresh = f.awaitLaunches(6).subList(4, 6);
    f.running(fresh.get(0));
    f.advance(Duration.ofSeconds(5));
    f.running(fresh.get(1));
    f.advance(Duration.ofSeconds(5));
    assertEquals(1, update().instancesUpdated());
    assertEquals(2, f.kills().size(), "instance 0 is done but its group is not");
    f.advance(Duration.ofSeconds(5));
    assertEquals(List.of(old.get(2), old.get(3)), f.awaitKills(4).subList(2, 4));
  }

  @Test
  void moreInstancesAreCreatedWithoutTouchingTheRunningOnes() {
    List<String> old = runningJob(web("v1", 2, "batch_size=1, watch_secs=10"));
    String hash = f.snapshot(WEB).configHash();
    f.apply(WEB, web("v1", 4, "batch_size=1, watch_secs=10"));

    String created2 = f.awaitLaunches(3).get(2);
    assertEquals(2, instanceOf(created2));
    assertEquals(prefix(hash), configPrefix(created2), "the task config did not change, only the count");
    f.running(created2);
    f.advance(WATCH);
    String created3 = f.awaitLaunches(4).get(3);
    assertEquals(3, instanceOf(created3));
    f.running(created3);
    f.advance(WATCH);
    UpdateView done = CoreFixture.awaitValue("the update ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_FORWARD, done.state());
    assertEquals(2, done.instancesTotal(), "only the two new instances were part of the update");
    assertTrue(f.kills().isEmpty(), "the running instances stay: " + f.kills());
    assertEquals(4, f.snapshot(WEB).instances().size());
    assertEquals(old.get(0), f.instance(WEB, 0).taskId());
  }

  @Test
  void fewerInstancesKillTheSurplus() {
    List<String> old = runningJob(web("v1", 4, "batch_size=2, watch_secs=10"));
    f.apply(WEB, web("v1", 2, "batch_size=2, watch_secs=10"));

    assertEquals(List.of(old.get(2), old.get(3)), f.awaitKills(2));
    killed(List.of(old.get(2), old.get(3)));
    UpdateView done = CoreFixture.awaitValue("the update ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_FORWARD, done.state());
    assertEquals(4, f.launched().size(), "nothing new is launched");
    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals(2, snapshot.desiredInstances());
    assertEquals(List.of(0, 1), snapshot.instances().stream().map(InstanceView::id).toList());
  }

  @Test
  void aNewRestartNonceRollsEveryInstance() {
    JobSpec spec = web("v1", 2, "batch_size=1, watch_secs=10");
    List<String> old = runningJob(spec);
    String before = f.snapshot(WEB).configHash();
    f.apply(WEB, spec, "restart-1");
    String after = f.snapshot(WEB).configHash();
    assertNotEquals(before, after);

    assertEquals(List.of(old.get(0)), f.awaitKills(1));
    killed(List.of(old.get(0)));
    String new0 = f.awaitLaunches(3).get(2);
    assertEquals(prefix(after), configPrefix(new0));
    f.running(new0);
    f.advance(WATCH);
    assertEquals(old.get(1), f.awaitKills(2).get(1));
    killed(List.of(old.get(1)));
    String new1 = f.awaitLaunches(4).get(3);
    assertEquals(1, instanceOf(new1));
    f.running(new1);
    f.advance(WATCH);
    assertEquals(UpdateState.ROLLED_FORWARD,
        CoreFixture.awaitValue("the update ends", this::update, u -> !u.state().inFlight()).state());

    f.apply(WEB, spec, "restart-1"); // the same nonce again is no change
    f.advance(STABLE);
    assertEquals(2, f.kills().size());
  }

  @Test
  void aFailingNewVersionRollsBackToTheOldConfigAndIsNotRetried() {
    List<String> old = runningJob(web("v1", 3, "batch_size=1, watch_secs=10"));
    String v1 = prefix(f.snapshot(WEB).configHash());
    f.apply(WEB, web("v2", 3, "batch_size=1, watch_secs=10"));
    killed(f.awaitKills(1));
    String new0 = f.awaitLaunches(4).get(3);
    f.running(new0);
    f.report(new0, TaskState.FAILED); // max_per_shard_failures=0, max_total_failures=0: the update fails

    assertEquals(UpdateState.ROLLING_BACK, update().state());
    String back0 = f.awaitLaunches(5).get(4);
    assertEquals(0, instanceOf(back0));
    assertEquals(v1, configPrefix(back0), "the rollback relaunches the old config");
    f.running(back0);
    f.advance(WATCH);
    UpdateView done = CoreFixture.awaitValue("the rollback ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_BACK, done.state());
    assertEquals(1, f.kills().size(), "instances 1 and 2 were never touched");
    assertEquals(old.get(1), f.instance(WEB, 1).taskId());

    // The failed version is not tried again while the spec stays the same ...
    f.advance(STABLE);
    f.apply(WEB, web("v2", 3, "batch_size=1, watch_secs=10"));
    f.advance(STABLE);
    assertEquals(1, f.kills().size());
    assertEquals(5, f.launched().size());
    assertEquals(UpdateState.ROLLED_BACK, update().state());

    // ... but a new spec is rolled out again.
    f.apply(WEB, web("v3", 3, "batch_size=1, watch_secs=10"));
    assertEquals(back0, f.awaitKills(2).get(1));
  }

  @Test
  void failuresBeyondTheLimitsRollBackEveryTouchedInstance() {
    String update = "batch_size=3, watch_secs=10, max_per_shard_failures=1, max_total_failures=1";
    List<String> old = runningJob(web("v1", 3, update));
    String v1 = prefix(f.snapshot(WEB).configHash());
    f.apply(WEB, web("v2", 3, update));
    killed(f.awaitKills(3));
    List<String> fresh = new ArrayList<>(f.awaitLaunches(6).subList(3, 6));
    fresh.sort((a, b) -> instanceOf(a) - instanceOf(b));
    f.running(fresh.toArray(String[]::new));

    // One failed task per instance is allowed: instance 0 gets another try.
    f.report(fresh.get(0), TaskState.FAILED);
    String retry0 = f.awaitLaunches(7).get(6);
    assertEquals(0, instanceOf(retry0));
    assertNotEquals(v1, configPrefix(retry0));
    f.running(retry0);
    f.report(retry0, TaskState.FAILED);
    // Instance 0 failed; one failed instance is allowed too.
    assertEquals(UpdateState.ROLLING_FORWARD, update().state());
    assertEquals(List.of(0), update().failedInstances());
    // The update gave up on instance 0, but the service instance is not left down: it is rescheduled as usual.
    String again0 = f.awaitLaunches(8).get(7);
    assertEquals(0, instanceOf(again0));
    f.running(again0);

    f.report(fresh.get(1), TaskState.FAILED);
    String retry1 = f.awaitLaunches(9).get(8);
    f.running(retry1);
    f.report(retry1, TaskState.FAILED);
    assertEquals(UpdateState.ROLLING_BACK, update().state());

    // Everything the update touched returns to v1: the running new tasks of instances 2 and 0 are killed first.
    assertEquals(Set.of(fresh.get(2), again0), Set.copyOf(f.awaitKills(5).subList(3, 5)));
    killed(List.of(fresh.get(2), again0));
    List<String> back = f.awaitLaunches(12).subList(9, 12);
    assertEquals(List.of(v1, v1, v1), back.stream().map(this::configPrefix).toList());
    f.running(back.toArray(String[]::new));
    f.advance(WATCH);
    assertEquals(UpdateState.ROLLED_BACK,
        CoreFixture.awaitValue("the rollback ends", this::update, u -> !u.state().inFlight()).state());
    assertTrue(old.stream().noneMatch(id -> f.snapshot(WEB).instances().stream()
        .anyMatch(i -> id.equals(i.taskId()))));
  }

  @Test
  void withoutRollbackAFailingUpdateEndsFailed() {
    String update = "batch_size=1, watch_secs=10, rollback_on_failure=False";
    List<String> old = runningJob(web("v1", 3, update));
    String v1 = prefix(f.snapshot(WEB).configHash());
    f.apply(WEB, web("v2", 3, update));
    killed(f.awaitKills(1));
    String new0 = f.awaitLaunches(4).get(3);
    f.running(new0);
    f.report(new0, TaskState.FAILED);

    UpdateView done = CoreFixture.awaitValue("the update ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.FAILED, done.state());
    assertEquals(List.of(0), done.failedInstances());
    f.advance(STABLE);
    assertEquals(1, f.kills().size(), "instances 1 and 2 keep the old version");
    assertEquals(old.get(2), f.instance(WEB, 2).taskId());
    assertTrue(f.launched().stream().skip(3).noneMatch(id -> configPrefix(id).equals(v1)),
        "nothing rolls back");
    assertEquals(UpdateState.FAILED, update().state());
  }

  @Test
  void aRollbackUndoesTheTouchedInstancesInReverseOrder() {
    List<String> old = runningJob(web("v1", 3, "batch_size=1, watch_secs=10"));
    String v1 = prefix(f.snapshot(WEB).configHash());
    f.apply(WEB, web("v2", 3, "batch_size=1, watch_secs=10"));
    killed(f.awaitKills(1));
    String new0 = f.awaitLaunches(4).get(3);
    f.running(new0);
    f.advance(WATCH); // instance 0 is updated
    assertEquals(old.get(1), f.awaitKills(2).get(1));
    killed(List.of(old.get(1)));
    String new1 = f.awaitLaunches(5).get(4);
    f.running(new1);
    f.report(new1, TaskState.FAILED); // instance 1 fails: roll back 1, then 0

    String back1 = f.awaitLaunches(6).get(5);
    assertEquals(List.of(1, v1), List.of(instanceOf(back1), configPrefix(back1)));
    assertEquals(2, f.kills().size(), "instance 0 waits for instance 1 (batch_size 1)");
    f.running(back1);
    f.advance(WATCH);
    assertEquals(new0, f.awaitKills(3).get(2));
    killed(List.of(new0));
    String back0 = f.awaitLaunches(7).get(6);
    assertEquals(List.of(0, v1), List.of(instanceOf(back0), configPrefix(back0)));
    f.running(back0);
    f.advance(WATCH);
    UpdateView done = CoreFixture.awaitValue("the rollback ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_BACK, done.state());
    assertEquals(2, done.instancesUpdated());
    assertEquals(old.get(2), f.instance(WEB, 2).taskId(), "instance 2 was never touched");
  }

  @Test
  void aFailedScaleUpIsRolledBackByRemovingTheNewInstances() {
    List<String> old = runningJob(web("v1", 2, "batch_size=1, watch_secs=10"));
    f.apply(WEB, web("v2", 3, "batch_size=1, watch_secs=10"));
    String created = f.awaitLaunches(3).get(2); // creates come first
    assertEquals(2, instanceOf(created));
    f.running(created);
    f.report(created, TaskState.FAILED);

    UpdateView done = CoreFixture.awaitValue("the rollback ends", this::update, u -> !u.state().inFlight());
    assertEquals(UpdateState.ROLLED_BACK, done.state());
    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals(List.of(0, 1), snapshot.instances().stream().map(InstanceView::id).toList());
    assertEquals(2, snapshot.desiredInstances(), "the job stays as the rollback left it");
    f.advance(STABLE);
    assertEquals(3, f.launched().size());
    assertTrue(f.kills().isEmpty(), "instances 0 and 1 were never touched");
    assertEquals(old.get(0), f.instance(WEB, 0).taskId());
  }

  @Test
  void revertingTheSpecWhileAnOldTaskIsBeingKilledRelaunchesThatInstance() {
    List<String> old = runningJob(web("v1", 2, "batch_size=1, watch_secs=10"));
    String v1 = prefix(f.snapshot(WEB).configHash());
    f.apply(WEB, web("v2", 2, "batch_size=1, watch_secs=10"));
    assertEquals(List.of(old.get(0)), f.awaitKills(1));
    f.apply(WEB, web("v1", 2, "batch_size=1, watch_secs=10")); // changed our mind before the kill completed
    assertEquals(UpdateState.ABORTED, update().state());

    f.report(old.get(0), TaskState.KILLED);
    String again = f.awaitLaunches(3).get(2);
    assertEquals(List.of(0, v1), List.of(instanceOf(again), configPrefix(again)));
    f.advance(STABLE);
    assertEquals(3, f.launched().size());
    assertEquals(1, f.kills().size());
  }

  @Test
  void revertingAScaleDownWhileTheSurplusIsBeingKilledRelaunchesThoseInstances() {
    List<String> old = runningJob(web("v1", 3, "batch_size=2, watch_secs=10"));
    f.apply(WEB, web("v1", 1, "batch_size=2, watch_secs=10"));
    assertEquals(List.of(old.get(1), old.get(2)), f.awaitKills(2));
    f.apply(WEB, web("v1", 3, "batch_size=2, watch_secs=10"));

    killed(List.of(old.get(1), old.get(2)));
    List<String> again = f.awaitLaunches(5).subList(3, 5);
    assertEquals(List.of(1, 2), again.stream().map(this::instanceOf).sorted().toList());
    assertEquals(3, f.snapshot(WEB).instances().size());
  }
}
