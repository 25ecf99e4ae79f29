package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** New jobs and Aurora's rescheduling rules (AURORA.md §7.2): what happens when a task ends by itself. */
class SchedulingCoreReschedulingTest {
  private static final JobRef WEB = CoreFixture.ref("web");
  /** Past the flapping threshold: a task that ran this long did not flap. */
  private static final Duration STABLE = CoreFixture.FLAPPING_THRESHOLD.plusSeconds(1);

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void aNewServiceLaunchesEveryInstanceAtOnceUnderAuroraTaskIds() {
    f.startAdopted();
    JobSpec spec = service("web", "serve", "instances=3");
    f.apply(WEB, spec);

    List<String> ids = f.awaitLaunches(3);
    String hash = f.snapshot(WEB).configHash();
    for (String id : ids) {
      LaunchRequest launch = f.launchOf(id);
      assertTrue(id.matches("www-prod-web-" + launch.instanceId()
          + "-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
      assertEquals(hash, f.store.configOf(id), "the record holds the task's config; its id need not");
      assertEquals("www", launch.job().role());
      assertEquals("web", launch.job().name());
    }
    assertEquals(Set.of(0, 1, 2), f.backend.launches().stream().map(LaunchRequest::instanceId)
        .collect(Collectors.toSet()));
    JobSnapshot snapshot = f.snapshot(WEB);
    assertEquals(3, snapshot.desiredInstances());
    assertTrue(snapshot.service());
    assertTrue(snapshot.instances().stream().allMatch(i -> i.state().equals("PENDING") && i.onTarget()),
        snapshot::toString);

    f.running(ids.toArray(String[]::new));
    assertTrue(f.snapshot(WEB).instances().stream().allMatch(i -> i.state().equals("RUNNING")));
    assertEquals("host-1", f.instance(WEB, 0).host());
  }

  @Test
  void aServiceInstanceIsRestartedWhenItsTaskFinishesOrFails() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", "instances=2"));
    List<String> first = f.awaitLaunches(2);
    f.running(first.toArray(String[]::new));
    f.advance(STABLE);

    f.report(first.get(0), TaskState.FINISHED);
    List<String> afterFinish = f.awaitLaunches(3);
    assertEquals(0, f.launchOf(afterFinish.get(2)).instanceId());
    assertEquals(0, f.instance(WEB, 0).failures(), "FINISHED is no failure");

    f.report(first.get(1), TaskState.FAILED);
    List<String> afterFail = f.awaitLaunches(4);
    assertEquals(1, f.launchOf(afterFail.get(3)).instanceId());
    assertEquals(1, f.instance(WEB, 1).failures());
    assertEquals("PENDING", f.instance(WEB, 1).state());
    assertTrue(f.kills().isEmpty());
  }

  @Test
  void aFinishedBatchInstanceSettles() {
    JobRef ref = CoreFixture.ref("once");
    f.startAdopted();
    f.apply(ref, batch("once", "work", "instances=2"));
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));
    f.report(ids.get(0), TaskState.FINISHED);
    f.report(ids.get(1), TaskState.FINISHED);
    f.advance(STABLE);

    assertEquals(2, f.launched().size(), "a finished batch instance is not run again");
    JobSnapshot snapshot = f.snapshot(ref);
    assertEquals(2, snapshot.finished());
    assertEquals(0, snapshot.failedForGood());
    assertTrue(!snapshot.service());
  }

  @Test
  void aFailedBatchInstanceWithTheDefaultMaxTaskFailuresIsNeverRetried() {
    JobRef ref = CoreFixture.ref("once");
    f.startAdopted();
    f.apply(ref, batch("once", "work", ""));
    String id = f.awaitLaunches(1).get(0);
    f.running(id);
    f.report(id, TaskState.FAILED);
    f.advance(STABLE);

    assertEquals(1, f.launched().size());
    assertEquals(1, f.snapshot(ref).failedForGood());
    assertEquals(1, f.instance(ref, 0).failures());
    assertEquals("FAILED", f.instance(ref, 0).state());
  }

  @Test
  void maxTaskFailuresZeroBehavesLikeOne() {
    JobRef ref = CoreFixture.ref("zero");
    f.startAdopted();
    f.apply(ref, batch("zero", "work", "max_task_failures=0"));
    String id = f.awaitLaunches(1).get(0);
    f.running(id);
    f.report(id, TaskState.FAILED);
    f.advance(STABLE);
    assertEquals(1, f.launched().size());
    assertEquals(1, f.snapshot(ref).failedForGood());
  }

  @Test
  void maxTaskFailuresThreeMeansTwoRetries() {
    JobRef ref = CoreFixture.ref("thrice");
    f.startAdopted();
    f.apply(ref, batch("thrice", "work", "max_task_failures=3"));
    for (int attempt = 1; attempt <= 3; attempt++) {
      String id = f.awaitLaunches(attempt).get(attempt - 1);
      f.running(id);
      f.advance(STABLE);
      f.report(id, TaskState.FAILED);
      assertEquals(attempt, f.instance(ref, 0).failures());
    }
    f.advance(STABLE);
    assertEquals(3, f.launched().size(), "the third failure is the last");
    assertEquals(1, f.snapshot(ref).failedForGood());
  }

  @Test
  void maxTaskFailuresMinusOneRetriesForever() {
    JobRef ref = CoreFixture.ref("forever");
    f.startAdopted();
    f.apply(ref, batch("forever", "work", "max_task_failures=-1"));
    for (int attempt = 1; attempt <= 6; attempt++) {
      String id = f.awaitLaunches(attempt).get(attempt - 1);
      f.running(id);
      f.advance(STABLE);
      f.report(id, TaskState.FAILED);
    }
    f.awaitLaunches(7);
    assertEquals(6, f.instance(ref, 0).failures());
    assertEquals(0, f.snapshot(ref).failedForGood());

    String seventh = f.launched().get(6);
    f.running(seventh);
    f.report(seventh, TaskState.FINISHED);
    f.advance(STABLE);
    assertEquals(7, f.launched().size());
    assertEquals(1, f.snapshot(ref).finished());
  }

  @Test
  void killedAndLostTasksAreReplacedWithoutCountingAsFailures() {
    JobRef ref = CoreFixture.ref("once");
    f.startAdopted();
    f.apply(ref, batch("once", "work", "instances=2"));
    List<String> ids = f.awaitLaunches(2);
    f.running(ids.toArray(String[]::new));
    f.advance(STABLE);

    f.report(ids.get(0), TaskState.KILLED); // killed by someone else, not by the core
    f.report(ids.get(1), TaskState.LOST);
    List<String> all = f.awaitLaunches(4);
    assertEquals(Set.of(0, 1), Set.of(f.launchOf(all.get(2)).instanceId(), f.launchOf(all.get(3)).instanceId()));
    assertEquals(0, f.instance(ref, 0).failures());
    assertEquals(0, f.instance(ref, 1).failures());
    assertTrue(f.kills().isEmpty());
  }

  @Test
  void repeatedTerminalReportsAreIgnored() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", ""));
    String id = f.awaitLaunches(1).get(0);
    f.running(id);
    f.advance(STABLE);
    f.report(id, TaskState.FAILED);
    f.report(id, TaskState.FAILED); // at-least-once delivery
    f.report(id, TaskState.LOST);
    f.awaitLaunches(2);
    f.advance(STABLE);
    assertEquals(2, f.launched().size());
    assertEquals(1, f.instance(WEB, 0).failures());
  }

  @Test
  void flappingIsThrottledFromTheSecondConsecutiveFlapWithAGrowingCappedPenalty() {
    f.startAdopted();
    f.apply(WEB, service("web", "crash", ""));
    String first = f.awaitLaunches(1).get(0);

    // 1st flap: ended well within the threshold, but only the second consecutive flap is throttled.
    f.running(first);
    f.report(first, TaskState.FAILED);
    String second = f.awaitLaunches(2).get(1);
    assertEquals("PENDING", f.instance(WEB, 0).state());

    // 2nd flap: THROTTLED for exactly the initial delay.
    f.running(second);
    f.report(second, TaskState.FAILED);
    assertEquals("THROTTLED", f.instance(WEB, 0).state());
    f.advance(CoreFixture.INITIAL_FLAPPING_DELAY.minusSeconds(1));
    assertEquals(2, f.launched().size(), "still throttled");
    assertEquals("THROTTLED", f.instance(WEB, 0).state());
    f.advance(Duration.ofSeconds(1));
    String third = f.awaitLaunches(3).get(2);

    // 3rd flap: the penalty grows beyond the initial delay (by a random part of it) ...
    f.running(third);
    f.report(third, TaskState.FAILED);
    assertEquals("THROTTLED", f.instance(WEB, 0).state());
    f.advance(CoreFixture.INITIAL_FLAPPING_DELAY);
    assertEquals(3, f.launched().size(), "the third penalty is longer than the first one");
    f.advance(CoreFixture.INITIAL_FLAPPING_DELAY);
    String fourth = f.awaitLaunches(4).get(3);

    // ... and never beyond the maximum, however often the instance flaps.
    String latest = fourth;
    for (int flap = 4; flap <= 9; flap++) {
      f.running(latest);
      f.report(latest, TaskState.FAILED);
      assertEquals("THROTTLED", f.instance(WEB, 0).state());
      f.advance(CoreFixture.MAX_FLAPPING_DELAY);
      latest = f.awaitLaunches(flap + 1).get(flap);
    }
    assertEquals(9, f.instance(WEB, 0).failures());

    // A run that lasts past the threshold ends the streak: the next end is rescheduled at once.
    f.running(latest);
    f.advance(STABLE);
    f.report(latest, TaskState.FAILED);
    f.awaitLaunches(11);
    assertEquals("PENDING", f.instance(WEB, 0).state());
  }

  @Test
  void aFlapStreakNeedsConsecutiveFlaps() {
    f.startAdopted();
    f.apply(WEB, service("web", "crash", ""));
    String first = f.awaitLaunches(1).get(0);
    f.running(first);
    f.report(first, TaskState.FAILED); // flap
    String second = f.awaitLaunches(2).get(1);
    f.running(second);
    f.advance(STABLE);
    f.report(second, TaskState.FAILED); // no flap
    String third = f.awaitLaunches(3).get(2);
    f.running(third);
    f.report(third, TaskState.FAILED); // a flap, but the first of a new streak
    f.awaitLaunches(4);
    assertEquals("PENDING", f.instance(WEB, 0).state());
  }

  @Test
  void aLostTaskThatComesBackAfterItsReplacementStartedIsKilled() {
    f.startAdopted();
    f.apply(WEB, service("web", "serve", ""));
    String first = f.awaitLaunches(1).get(0);
    f.running(first);
    f.advance(STABLE);
    f.report(first, TaskState.LOST); // e.g. its agent was partitioned away
    String replacement = f.awaitLaunches(2).get(1);
    f.running(replacement);

    f.report(first, TaskState.RUNNING); // the partition heals: the old task still runs
    assertEquals(List.of(first), f.awaitKills(1), "one instance, one task");
    assertEquals(replacement, f.instance(WEB, 0).taskId());
    f.report(first, TaskState.KILLED);
    f.advance(STABLE);
    assertEquals(2, f.launched().size());
    assertEquals(1, f.kills().size());
  }
}
