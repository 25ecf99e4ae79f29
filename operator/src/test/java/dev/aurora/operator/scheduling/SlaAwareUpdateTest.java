package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SLA-aware updates as pure transitions: an instance is taken down only while the job's SLA policy holds without it,
 * as Aurora's SlaKillController did, with failed checks retried after a doubling delay.
 */
class SlaAwareUpdateTest {
  private static final String UPDATE = "update_config=UpdateConfig(batch_size=1, watch_secs=10, sla_aware=True)";
  private static final SlaSettings SMALL_JOBS = new SlaSettings(3, false, Duration.ofMinutes(1),
      Duration.ofMinutes(5), Duration.ofSeconds(30));

  /** Three RUNNING instances of v1 since the driver's start; then v2 with the same policy. */
  private static MachineDriver updating(String policy, String tier, SlaSettings sla) {
    MachineDriver job = new MachineDriver();
    job.settings = MachineDriver.SETTINGS.withSla(sla);
    job.apply(service("web", "serve v1", "instances=3, tier='" + tier + "', " + policy + ", " + UPDATE));
    job.takeLaunches();
    job.allRunning();
    job.apply(service("web", "serve v2", "instances=3, tier='" + tier + "', " + policy + ", " + UPDATE));
    return job;
  }

  private static List<Action.AskCoordinator> asks(MachineDriver job) {
    List<Action.AskCoordinator> out = job.actions.stream().filter(a -> a instanceof Action.AskCoordinator)
        .map(a -> (Action.AskCoordinator) a).toList();
    job.actions.removeIf(a -> a instanceof Action.AskCoordinator);
    return out;
  }

  @Test
  void countPolicyKeepsAnInstanceUpUntilEnoughOthersHaveRunLongEnough() {
    Instant start = new MachineDriver().now;
    MachineDriver job = updating("sla_policy=CountSlaPolicy(count=2, duration_secs=150)", "preferred", SMALL_JOBS);
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(List.of(), job.takeKills(), "no other instance has run for 150 s yet");
    String message = job.record.update().message();
    assertTrue(message.startsWith("waiting for the SLA: instance 0: CountSlaPolicy(count=2, duration_secs=150) would "
        + "break: 0 of 3 active instances RUNNING"), message);
    assertEquals(1, job.actions.stream().filter(a -> a instanceof Action.Notice n
        && n.reason().equals("UpdateSlaWait")).count());

    job.advance(Duration.ofSeconds(59));
    assertEquals(List.of(), job.takeKills());
    job.advance(Duration.ofSeconds(1)); // the first retry, after the minimum delay: still too early
    assertEquals(List.of(), job.takeKills());
    SlaWait wait = job.record.update().gates().slaWaits().get(0);
    assertEquals(Duration.ofMinutes(2), wait.lastDelay(), "the delay doubles");
    assertEquals(start.plusSeconds(180), wait.nextCheck());

    job.advance(Duration.ofSeconds(119));
    assertEquals(List.of(), job.takeKills(), "no check before the next retry");
    job.advance(Duration.ofSeconds(1));
    assertEquals(List.of(job.task(0).taskId()), job.takeKills(), "two others have run for 180 s > 150 s");
    assertEquals("", job.record.update().message());
    assertTrue(job.record.update().gates().slaWaits().isEmpty());
  }

  @Test
  void percentagePolicyCountsTheShareOfInstancesThatStayUp() {
    MachineDriver job = updating("sla_policy=PercentageSlaPolicy(percentage=60, duration_secs=60)", "preferred",
        SMALL_JOBS);
    assertEquals(List.of(), job.takeKills());
    assertTrue(job.record.update().message().contains("PercentageSlaPolicy(percentage=60, duration_secs=60) would "
        + "break: 0 of 3"), job.record.update().message());
    job.advance(Duration.ofSeconds(61));
    assertEquals(List.of(job.task(0).taskId()), job.takeKills(), "2 of 3 (67%) have run for over 60 s");
    job.report(0, TaskState.KILLED);
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11));
    assertEquals(List.of(), job.takeKills(), "instance 0 has run 11 s only: 1 of 3 (33%) would stay");
    job.advance(Duration.ofSeconds(60));
    assertEquals(List.of(job.task(1).taskId()), job.takeKills());
  }

  @Test
  void smallAndNonProductionJobsSkipTheCheckAsAuroraDid() {
    MachineDriver small = updating("sla_policy=CountSlaPolicy(count=2, duration_secs=60)", "preferred",
        SlaSettings.defaults());
    assertEquals(List.of(small.task(0).taskId()), small.takeKills(), "3 active tasks, fewer than the minimum 20");
    MachineDriver nonProd = updating("sla_policy=CountSlaPolicy(count=2, duration_secs=60)", "preemptible",
        SMALL_JOBS);
    assertEquals(List.of(nonProd.task(0).taskId()), nonProd.takeKills(), "not a production tier");
    MachineDriver checked = updating("sla_policy=CountSlaPolicy(count=2, duration_secs=60)", "preemptible",
        new SlaSettings(3, true, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(30)));
    assertEquals(List.of(), checked.takeKills(), "checked with -sla_aware_kill_non_prod");
  }

  @Test
  void aCoordinatorIsAskedAndItsNoRetriedUntilItSaysYes() {
    MachineDriver job = updating("sla_policy=CoordinatorSlaPolicy(coordinator_url='http://coordinator:1/check', "
        + "status_key='safe')", "preferred", SMALL_JOBS);
    String task0 = job.task(0).taskId();
    assertEquals(List.of(new Action.AskCoordinator(0, task0, "http://coordinator:1/check", "safe")), asks(job));
    assertEquals(List.of(), job.takeKills());

    job.on(new JobEvent.CoordinatorAnswer(0, task0, false, "the coordinator answered safe=false"));
    assertTrue(job.record.update().message().contains("instance 0: the coordinator answered safe=false"),
        job.record.update().message());
    job.advance(Duration.ofSeconds(30));
    assertEquals(List.of(), asks(job), "not asked again before the retry delay");
    job.advance(Duration.ofSeconds(30));
    assertEquals(1, asks(job).size(), "asked again after a minute");

    job.on(new JobEvent.CoordinatorAnswer(0, task0, false, "asking the coordinator failed: connection refused"));
    assertTrue(job.record.update().message().contains("connection refused"));
    job.advance(Duration.ofSeconds(119));
    assertEquals(List.of(), asks(job));
    job.advance(Duration.ofSeconds(1));
    assertEquals(1, asks(job).size(), "a failed request is retried after the doubled delay");

    job.on(new JobEvent.CoordinatorAnswer(0, "some-other-task", true, "yes"));
    assertEquals(List.of(), job.takeKills(), "an answer about another task changes nothing");
    job.on(new JobEvent.CoordinatorAnswer(0, task0, true, "the coordinator allows it"));
    assertEquals(List.of(task0), job.takeKills());
    assertTrue(job.record.update().gates().slaWaits().isEmpty());
  }

  @Test
  void aYesForAPausedUpdateIsDroppedAndAskedAgainAfterTheResume() {
    MachineDriver job = updating("sla_policy=CoordinatorSlaPolicy(coordinator_url='http://c/')", "preferred",
        SMALL_JOBS);
    String task0 = job.task(0).taskId();
    asks(job);
    job.on(new JobEvent.Apply(job.record.target(), UpdateControlTest.controls(true, "", "", "")));
    job.on(new JobEvent.CoordinatorAnswer(0, task0, true, "the coordinator allows it"));
    assertFalse(job.record.update().gates().slaWaits().get(0).approved());
    job.on(new JobEvent.Apply(job.record.target(), UpdateControlTest.controls(false, "", "", "")));
    assertEquals(List.of(), job.takeKills());
    job.advance(Duration.ofSeconds(60));
    assertEquals(1, asks(job).size());
    assertNull(job.record.lastUpdate());
  }

  @Test
  void retryDelaysDoubleFromTheMinimumToTheMaximum() {
    SlaSettings aurora = SlaSettings.defaults();
    Duration delay = null;
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      delay = aurora.nextDelay(delay);
      seen.append(delay.toMinutes()).append(' ');
    }
    assertEquals("1 2 4 5 5 ", seen.toString());
  }
}
