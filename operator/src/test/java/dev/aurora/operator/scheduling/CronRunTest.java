package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cron jobs (AURORA.md §7.4): runs at the trigger times, in UTC, with the collision policies. */
class CronRunTest {
  private static final JobRef NIGHTLY = CoreFixture.ref("nightly");
  // The fixture's clock starts at 2026-03-02T10:00:30Z.
  private static final Instant ELEVEN = Instant.parse("2026-03-02T11:00:00Z");
  private static final Instant TWELVE = Instant.parse("2026-03-02T12:00:00Z");
  private static final Instant ONE = Instant.parse("2026-03-02T13:00:00Z");

  private final CoreFixture f = new CoreFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static JobSpec hourly(String extra) {
    return batch("nightly", "report", "instances=2, cron_schedule='0 * * * *'" + extra);
  }

  private List<String> firstRun(JobSpec spec) {
    f.startAdopted();
    f.apply(NIGHTLY, spec);
    f.advanceTo(ELEVEN);
    List<String> run = f.awaitLaunches(2);
    f.running(run.toArray(String[]::new));
    return run;
  }

  @Test
  void aCronJobLaunchesNothingUntilItsTriggerThenEveryInstance() {
    f.startAdopted();
    f.apply(NIGHTLY, hourly(""));
    JobSnapshot waiting = f.snapshot(NIGHTLY);
    assertTrue(waiting.cron());
    assertEquals(ELEVEN, waiting.nextCronRun());
    f.advanceTo(ELEVEN.minusSeconds(1));
    assertTrue(f.launched().isEmpty(), "nothing before the trigger: " + f.launched());
    assertTrue(f.snapshot(NIGHTLY).instances().isEmpty());

    f.advanceTo(ELEVEN);
    List<String> run = f.awaitLaunches(2);
    assertEquals(Set.of(0, 1), f.backend.launches().stream().map(LaunchRequest::instanceId)
        .collect(Collectors.toSet()));
    assertEquals(TWELVE, f.snapshot(NIGHTLY).nextCronRun());

    f.running(run.toArray(String[]::new));
    run.forEach(id -> f.report(id, TaskState.FINISHED));
    f.advanceTo(TWELVE.minusSeconds(1));
    assertEquals(2, f.launched().size(), "a finished cron run is not restarted");
    assertEquals(2, f.snapshot(NIGHTLY).finished());

    f.advanceTo(TWELVE);
    f.awaitLaunches(4);
    assertTrue(f.kills().isEmpty());
  }

  @Test
  void missedTriggersAreNotReplayed() {
    f.startAdopted();
    f.apply(NIGHTLY, hourly(""));
    f.advanceTo(ONE.plusSeconds(90)); // 11:00, 12:00 and 13:00 passed while the loop was not looking
    List<String> run = f.awaitLaunches(2);
    run.forEach(id -> f.report(id, TaskState.FINISHED));
    f.advance(java.time.Duration.ofMinutes(30));
    assertEquals(2, f.launched().size(), "one run for all the missed triggers");
    assertEquals(Instant.parse("2026-03-02T14:00:00Z"), f.snapshot(NIGHTLY).nextCronRun());
  }

  @Test
  void killExistingKillsTheRunningRunAndStartsTheNewOneWhenItIsGone() {
    List<String> run = firstRun(hourly(", cron_collision_policy='KILL_EXISTING'"));
    f.advanceTo(TWELVE);
    assertEquals(Set.copyOf(run), Set.copyOf(f.awaitKills(2)));
    assertEquals(2, f.launched().size(), "the new run waits for the old one to be gone");

    f.report(run.get(0), TaskState.KILLED);
    f.settle();
    assertEquals(2, f.launched().size(), "one task of the old run is still alive");
    f.report(run.get(1), TaskState.KILLED);
    List<String> next = f.awaitLaunches(4).subList(2, 4);
    assertEquals(Set.of(0, 1), next.stream().map(id -> f.launchOf(id).instanceId()).collect(Collectors.toSet()));
    assertEquals(0, f.snapshot(NIGHTLY).failedForGood(), "a run killed by its successor is no failure");
  }

  @Test
  void theDefaultCollisionPolicyIsKillExisting() {
    List<String> run = firstRun(hourly(""));
    f.advanceTo(TWELVE);
    assertEquals(Set.copyOf(run), Set.copyOf(f.awaitKills(2)));
  }

  @Test
  void cancelNewSkipsARunWhileThePreviousOneIsActive() {
    List<String> run = firstRun(hourly(", cron_collision_policy='CANCEL_NEW'"));
    f.advanceTo(TWELVE);
    assertTrue(f.kills().isEmpty());
    assertEquals(2, f.launched().size(), "the 12:00 run is skipped");
    assertEquals(ONE, f.snapshot(NIGHTLY).nextCronRun());

    run.forEach(id -> f.report(id, TaskState.FINISHED));
    f.advanceTo(ONE.minusSeconds(1));
    assertEquals(2, f.launched().size(), "a skipped run is not made up later");
    f.advanceTo(ONE);
    f.awaitLaunches(4);
  }

  /** Instance 0 of the 11:00 run flaps twice shortly before 12:00, so its retry is THROTTLED across the trigger. */
  private List<String> runWithAThrottledRetry(String policy) {
    List<String> run = firstRun(hourly(", max_task_failures=-1, cron_collision_policy='" + policy + "'"));
    f.advanceTo(TWELVE.minus(java.time.Duration.ofMinutes(10)));
    f.report(run.get(0), TaskState.FAILED); // after 50 minutes: no flap, retried at once
    String retry = f.awaitLaunches(3).get(2);
    f.running(retry);
    f.report(retry, TaskState.FAILED); // a first flap is retried at once too
    retry = f.awaitLaunches(4).get(3);
    f.running(retry);
    f.report(retry, TaskState.FAILED); // the second flap is throttled for 30 minutes
    assertEquals("THROTTLED", f.instance(NIGHTLY, 0).state());
    return run;
  }

  @Test
  void killExistingAlsoCancelsARetryOfThePreviousRunThatIsWaitingToStart() {
    List<String> run = runWithAThrottledRetry("KILL_EXISTING");
    f.advanceTo(TWELVE);
    assertEquals(List.of(run.get(1)), f.awaitKills(1));
    // The kill takes long (final processes); meanwhile the old run's throttle would have expired.
    f.advanceTo(TWELVE.plus(java.time.Duration.ofMinutes(25)));
    assertEquals(4, f.launched().size(), "the old run's retry is not started after its run was superseded");
    f.report(run.get(1), TaskState.KILLED);
    List<String> next = f.awaitLaunches(6).subList(4, 6);
    assertEquals(Set.of(0, 1), next.stream().map(id -> f.launchOf(id).instanceId()).collect(Collectors.toSet()));
  }

  @Test
  void cancelNewCountsARetryWaitingToStartAsAnActiveRun() {
    List<String> run = runWithAThrottledRetry("CANCEL_NEW");
    f.report(run.get(1), TaskState.FINISHED);
    f.advanceTo(TWELVE);
    assertTrue(f.kills().isEmpty());
    assertEquals(4, f.launched().size(), "the 12:00 run is skipped: instance 0 of the 11:00 run is THROTTLED");
    assertEquals("THROTTLED", f.instance(NIGHTLY, 0).state());
    f.advanceTo(TWELVE.plus(java.time.Duration.ofMinutes(25)));
    String retry = f.awaitLaunches(5).get(4);
    assertEquals(0, f.launchOf(retry).instanceId(), "the 11:00 run goes on");
  }
}
