package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting a job, renaming the job a resource runs, and two resources wanting the same job. */
class SchedulingCoreLifecycleTest {
  private static final JobRef WEB = CoreFixture.ref("web");
  private static final Duration STABLE = CoreFixture.FLAPPING_THRESHOLD.plusSeconds(1);

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void deleteKillsEveryTaskAndReportsDoneOnlyWhenAllAreGone() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=2"));
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));

    assertFalse(f.core.delete(WEB));
    assertEquals(Set.copyOf(ids), Set.copyOf(f.awaitKills(2)));
    assertTrue(f.snapshot(WEB).killing());
    assertFalse(f.core.delete(WEB), "asking again changes nothing");
    assertEquals(2, f.kills().size(), "a kill is asked for once");

    f.report(ids.get(0), TaskState.KILLING);
    f.report(ids.get(0), TaskState.KILLED);
    assertFalse(f.core.delete(WEB), "one task still runs its final processes");
    f.report(ids.get(1), TaskState.FINISHED);
    assertTrue(f.core.delete(WEB));
    assertTrue(f.core.snapshot(WEB).isEmpty(), "the job is forgotten");
    assertEquals(2, f.launched().size(), "nothing was relaunched");
  }

  /**
   * The launch request comes from the JobSpec: Aurora's requested ports (an alias allocated once, as its target), the
   * executor document unbound; and each event the backend reports is acknowledged once the core has applied it.
   */
  @Test
  void launchesCarryTheRequestedPortsAndEveryAppliedEventIsAcknowledged() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve {{thermos.ports[http]}} {{thermos.ports[alias]}}",
        "instances=2, announce=Announcer(portmap={'alias': 'http'})"));
    List<String> ids = f.awaitLaunches(2);
    LaunchRequest launch = f.launchOf(ids.get(0));
    assertEquals(List.of("http"), launch.resources().portNames());
    assertTrue(launch.document().contains("serve {{thermos.ports[http]}} {{thermos.ports[alias]}}"),
        launch.document());
    assertFalse(launch.document().contains("update_config"), launch.document());

    f.running(ids.toArray(String[]::new));
    List<String> acknowledged = f.backend.acknowledged().stream().map(e -> e.taskId() + " " + e.state()).toList();
    assertEquals(List.of(ids.get(0) + " ASSIGNED", ids.get(0) + " RUNNING", ids.get(1) + " ASSIGNED",
        ids.get(1) + " RUNNING"), acknowledged);
  }

  @Test
  void deletingAnUnknownResourceIsDoneAtOnce() {
    f.startAdopted();
    assertTrue(f.core.delete(CoreFixture.ref("never-applied")));
  }

  @Test
  void aResourceThatNamesAnotherJobKillsTheOldJobsTasks() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=2"));
    List<String> old = f.awaitLaunches(2);
    f.running(old.toArray(String[]::new));

    f.apply(WEB, service("api", "serve", "instances=1"));
    assertEquals(Set.copyOf(old), Set.copyOf(f.awaitKills(2)));
    String api = f.awaitLaunches(3).get(2);
    assertEquals("api", f.launchOf(api).job().name());
    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals("test/www/prod/api", snapshot.jobKey());
    assertEquals(List.of(api), snapshot.instances().stream().map(InstanceView::taskId).toList());

    old.forEach(id -> f.report(id, TaskState.KILLED));
    f.advance(STABLE);
    assertEquals(3, f.launched().size(), "the old job's tasks are not replaced");

    // The old key is free again once its tasks are gone.
    JobRef other = CoreFixture.ref("other");
    f.apply(other, service("web", "serve", "instances=1"));
    f.awaitLaunches(4);
  }

  @Test
  void twoResourcesCannotRunTheSameJob() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=2"));
    f.awaitLaunches(2);

    JobRef copy = CoreFixture.ref("copy");
    Optional<String> refused = f.core.apply(copy, "uid-copy", service("web", "serve", "instances=5"), null);
    assertEquals(Optional.of("job test/www/prod/web is already run by AuroraJob ns/web"), refused);
    assertTrue(f.core.snapshot(copy).isEmpty());
    f.advance(STABLE);
    assertEquals(2, f.launched().size());

    // Once the first resource is deleted and its tasks are gone, the second one may run the job.
    assertFalse(f.core.delete(WEB));
    f.awaitKills(2).forEach(id -> f.report(id, TaskState.KILLED));
    assertTrue(f.core.delete(WEB));
    assertEquals(Optional.empty(), f.core.apply(copy, "uid-copy", service("web", "serve", "instances=5"), null));
    f.awaitLaunches(7);
  }

  @Test
  void deleteRightAfterARestartWaitsForTheBackendsReportOfSurvivingTasks() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=2"));
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));
    f.core.close();

    f.backend.holdReconcile();
    f.start();
    f.apply(WEB, service("web", "serve", "instances=2"));
    // The resource is being deleted when the restarted operator sees it first; the core does not know the tasks yet.
    assertFalse(f.core.delete(WEB), "done only once the backend said what still runs");
    f.backend.releaseReconcile();
    assertEquals(Set.copyOf(ids), Set.copyOf(f.awaitKills(2)));
    assertFalse(f.core.delete(WEB));
    ids.forEach(id -> f.report(id, TaskState.KILLED));
    assertTrue(f.core.delete(WEB));
  }

  @Test
  void onChangeNamesTheJobWhenItsPictureChangesAndOnlyThen() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=1"));
    String id = f.awaitLaunches(1).get(0);
    CoreFixture.await("a notification for the new job", () -> f.changes.contains(WEB));
    f.running(id);
    f.settle();
    f.changes.clear();

    f.advance(STABLE);
    assertTrue(f.changes.isEmpty(), "nothing changed, nothing to tell: " + f.changes);
    f.report(id, TaskState.FAILED);
    CoreFixture.await("a notification for the failure", () -> f.changes.contains(WEB));
    assertEquals(Set.of(WEB), Set.copyOf(f.changes));
  }
}
