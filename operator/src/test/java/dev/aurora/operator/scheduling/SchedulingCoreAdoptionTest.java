package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An operator restart: the new core learns what runs from the backend alone and neither duplicates nor loses it. */
class SchedulingCoreAdoptionTest {
  private static final JobRef WEB = CoreFixture.ref("web");
  private static final JobKey WEB_KEY = new JobKey("www", "prod", "web");
  private static final Duration STABLE = CoreFixture.FLAPPING_THRESHOLD.plusSeconds(1);

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static JobSpec web(int instances) {
    return service("web", "serve", "instances=" + instances);
  }

  private static String hash(JobSpec spec) {
    return JobConfig.of(spec, null).hash();
  }

  private Set<String> instanceTaskIds(JobRef ref) {
    return f.snapshot(ref).instances().stream().map(InstanceView::taskId).collect(Collectors.toSet());
  }

  @Test
  void aRestartedCoreAdoptsTheTasksOfItsPredecessorWithoutLaunchingAgain() {
    f.startAdopted();
    f.apply(WEB, web(3));
    List<String> ids = f.awaitLaunches(3);
    f.running(ids.toArray(String[]::new));
    f.core.close();

    f.startAdopted(); // the core asks about the three tasks its record holds; the backend reports them RUNNING
    f.apply(WEB, web(3));
    f.advance(STABLE);
    assertEquals(3, f.launched().size(), "no duplicates: " + f.launched());
    assertTrue(f.kills().isEmpty());
    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals(Set.copyOf(ids), instanceTaskIds(WEB));
    assertTrue(snapshot.instances().stream().allMatch(i -> i.state().equals("RUNNING") && i.onTarget()),
        snapshot::toString);
    assertTrue(snapshot.update() == null, "the adopted job needs no update: " + snapshot.update());

    // The adopted tasks are managed like any other: an end is rescheduled on the same instance.
    f.report(ids.get(1), TaskState.FAILED);
    String replacement = f.awaitLaunches(4).get(3);
    assertEquals(f.launchOf(ids.get(1)).instanceId(), f.launchOf(replacement).instanceId());
  }

  @Test
  void aRestartedCoreTellsTheBackendWhatEachLiveTaskWasLaunchedWith() {
    JobSpec production = service("web", "serve", "instances=2, production=True, priority=3");
    f.startAdopted();
    f.apply(WEB, production);
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));
    f.core.close();

    f.startAdopted();
    // A backend that preempts weighs a predecessor's tasks by these: the same requests the launches carried.
    assertEquals(Set.copyOf(f.backend.launches()), Set.copyOf(f.backend.adopted()));
    assertTrue(f.backend.adopted().stream().allMatch(r -> r.config().priority() == 3
        && r.config().tier().equals("preferred")), f.backend.adopted()::toString);
  }

  @Test
  void launchesWaitForTheBackendsInitialReport() {
    f.startAdopted();
    f.apply(WEB, web(2));
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));
    f.core.close();

    f.backend.holdReconcile();
    f.start();
    f.apply(WEB, web(2)); // the resource is reconciled before the backend has answered
    f.settle();
    assertFalse(f.core.adopted());
    assertEquals(2, f.launched().size(), "nothing launches before the backend said what runs");

    f.backend.releaseReconcile();
    CoreFixture.await("adoption", f.core::adopted);
    f.advance(STABLE);
    assertEquals(2, f.launched().size(), "the surviving tasks were adopted, not duplicated");
    assertEquals(Set.copyOf(ids), instanceTaskIds(WEB));
  }

  @Test
  void aBackendThatNeverAnswersDelaysLaunchesOnlyForTheAdoptionWait() {
    f.backend.holdReconcile();
    f.start();
    f.apply(WEB, web(2));
    f.advance(CoreFixture.ADOPTION_WAIT.minusSeconds(1));
    assertTrue(f.launched().isEmpty());
    f.advance(Duration.ofSeconds(2));
    f.awaitLaunches(2);
  }

  @Test
  void aTaskNoRecordKnowsIsKilledAfterTheOrphanTimeout() {
    f.backend.seed("www-prod-gone-0-1b2c", TaskState.RUNNING);
    f.backend.seed("not-an-aurora-task", TaskState.RUNNING);

    f.startAdopted();
    f.apply(WEB, web(1));
    f.awaitLaunches(1);
    f.advance(CoreFixture.ORPHAN_TIMEOUT.minusSeconds(1));
    assertTrue(f.kills().isEmpty(), "orphans are left alone for a while: " + f.kills());

    f.advance(Duration.ofSeconds(2));
    assertEquals(Set.of("www-prod-gone-0-1b2c", "not-an-aurora-task"), Set.copyOf(f.awaitKills(2)));
    f.advance(STABLE);
    assertEquals(2, f.kills().size(), "only the tasks no record knows die");
    assertEquals(1, f.launched().size());
  }

  @Test
  void anOrphanReportedLongAfterTheStartIsKilledAfterTheOrphanTimeoutToo() {
    f.startAdopted();
    f.apply(WEB, web(1));
    f.awaitLaunches(1);
    f.advance(CoreFixture.ORPHAN_TIMEOUT.plusMinutes(1)); // the start-up sweep found nothing

    // Later, a reconciliation (after the backend reconnected, say) turns up a task of ours that no job claims.
    String orphan = "www-prod-gone-0-9f8e";
    f.report(orphan, TaskState.RUNNING);
    f.advance(CoreFixture.ORPHAN_TIMEOUT.minusSeconds(1));
    assertTrue(f.kills().isEmpty(), "left alone for a while: " + f.kills());
    f.advance(Duration.ofSeconds(2));
    assertEquals(List.of(orphan), f.awaitKills(1));
  }

  @Test
  void aRestartInTheMiddleOfARollingUpdateFinishesItWithoutDuplicatesOrLosses() {
    JobSpec v1 = service("web", "serve v1", "instances=3, update_config=UpdateConfig(batch_size=1, watch_secs=10)");
    JobSpec v2 = service("web", "serve v2", "instances=3, update_config=UpdateConfig(batch_size=1, watch_secs=10)");
    f.startAdopted();
    f.apply(WEB, v1);
    List<String> old = f.awaitLaunches(3);
    f.running(old.toArray(String[]::new));
    f.advance(STABLE);
    f.apply(WEB, v2);
    String killed0 = f.awaitKills(1).get(0);
    f.report(killed0, TaskState.KILLED);
    String new0 = f.awaitLaunches(4).get(3);
    f.running(new0);
    f.advance(Duration.ofSeconds(10));
    String killed1 = f.awaitKills(2).get(1);
    f.report(killed1, TaskState.KILLING); // the operator dies while instance 1's old task runs its final processes
    f.core.close();

    f.startAdopted();
    f.apply(WEB, v2);
    f.report(killed1, TaskState.KILLED);
    List<String> launched = f.awaitLaunches(5);
    String new1 = launched.get(4);
    assertEquals(1, f.launchOf(new1).instanceId());
    f.running(new1);
    f.advance(Duration.ofSeconds(10));
    // The restarted core sent instance 1's recorded kill again (its predecessor may have died before sending it).
    assertEquals(2, f.kills().stream().filter(killed1::equals).count());
    String killed2 = old.get(2);
    CoreFixture.await("instance 2's old task killed", () -> f.kills().contains(killed2));
    f.report(killed2, TaskState.KILLED);
    String new2 = f.awaitLaunches(6).get(5);
    f.running(new2);
    f.advance(Duration.ofSeconds(10));

    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals(List.of(new0, new1, new2), snapshot.instances().stream().map(InstanceView::taskId).toList());
    assertTrue(snapshot.instances().stream().allMatch(i -> i.state().equals("RUNNING") && i.onTarget()));
    assertEquals(Set.copyOf(old), Set.copyOf(f.kills()), "only the three old tasks were killed");
    assertEquals(List.of(new0, new1, new2), f.backend.liveIds(), "exactly one live task per instance");
  }
}
