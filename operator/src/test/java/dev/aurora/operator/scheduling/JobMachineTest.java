package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler's state machines as pure functions: (record, event) to (record', actions), no threads. */
class JobMachineTest {
  private static final String UPDATE = "update_config=UpdateConfig(batch_size=1, watch_secs=10, "
      + "max_per_shard_failures=0, max_total_failures=0, rollback_on_failure=True)";

  @Test
  void aNewServiceLaunchesEveryInstanceAtOnceAndRecordsEachTaskBeforeLaunchingIt() {
    MachineDriver job = new MachineDriver();
    Transition t = job.apply(service("web", "serve", "instances=3"));
    assertEquals(List.of(0, 1, 2), job.takeLaunches());
    for (int i = 0; i < 3; i++) {
      TaskRecord task = t.record().instances().get(i).task();
      assertEquals(TaskState.PENDING, task.state(), "the launch is in the record the action comes from");
    }
  }

  @Test
  void aTaskKeepsTheSandboxItsBackendNamedWhenALaterReportNamesNone() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    String taskId = job.task(0).taskId();
    assertEquals(null, job.task(0).sandbox(), "unknown before the backend reports");
    job.report(0, TaskState.RUNNING);
    assertEquals("file:///sandboxes/" + taskId, job.task(0).sandbox());
    // a reconciliation answer names the task's state only
    job.on(new JobEvent.TaskReport(taskId, 0, TaskState.RUNNING, null, Map.of(), "reconciled"));
    assertEquals("file:///sandboxes/" + taskId, job.task(0).sandbox());
  }

  @Test
  void nothingIsLaunchedBeforeTheBackendHasReportedWhatRuns() {
    MachineDriver job = new MachineDriver();
    job.launchesAllowed = false;
    job.apply(service("web", "serve", "instances=2"));
    assertEquals(List.of(), job.takeLaunches());
    job.launchesAllowed = true;
    job.tick();
    assertEquals(List.of(0, 1), job.takeLaunches());
  }

  @Test
  void aServiceIsReplacedWhenItsTaskEndsAndABatchInstanceSettlesWhenItFinishes() {
    MachineDriver web = new MachineDriver();
    web.apply(service("web", "serve", ""));
    web.takeLaunches();
    web.report(0, TaskState.RUNNING);
    web.advance(Duration.ofMinutes(10));
    web.report(0, TaskState.FINISHED);
    assertEquals(List.of(0), web.takeLaunches(), "a service's finished task is replaced");

    MachineDriver batch = new MachineDriver();
    batch.apply(batch("once", "true", ""));
    batch.takeLaunches();
    batch.report(0, TaskState.FINISHED);
    batch.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), batch.takeLaunches());
    batch.assertState(0, "FINISHED");
  }

  @Test
  void maxTaskFailuresCountsFailedTasksAndZeroActsAsOne() {
    MachineDriver three = new MachineDriver();
    three.apply(batch("retry", "false", "max_task_failures=3"));
    three.takeLaunches();
    for (int attempt = 1; attempt <= 3; attempt++) {
      three.report(0, TaskState.FAILED);
      three.advance(Duration.ofMinutes(1)); // past any throttle
      assertEquals(attempt < 3 ? List.of(0) : List.of(), three.takeLaunches(), "after failure " + attempt);
    }
    assertEquals(3, three.instance(0).failures());

    MachineDriver zero = new MachineDriver();
    zero.apply(batch("once", "false", "max_task_failures=0"));
    zero.takeLaunches();
    zero.report(0, TaskState.FAILED);
    zero.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), zero.takeLaunches());
  }

  @Test
  void flappingIsThrottledFromTheSecondConsecutiveFlap() {
    MachineDriver job = new MachineDriver();
    job.apply(service("flap", "false", ""));
    job.takeLaunches();
    job.report(0, TaskState.FAILED); // first flap: relaunched at once
    assertEquals(List.of(0), job.takeLaunches());
    job.report(0, TaskState.FAILED); // second: THROTTLED for the initial delay
    job.assertState(0, "THROTTLED");
    assertEquals(List.of(), job.takeLaunches());
    job.advance(Duration.ofSeconds(29));
    assertEquals(List.of(), job.takeLaunches());
    job.advance(Duration.ofSeconds(2));
    assertEquals(List.of(0), job.takeLaunches());
  }

  @Test
  void repeatedAndIllegalReportsChangeNothing() {
    MachineDriver job = new MachineDriver();
    job.apply(batch("once", "true", "max_task_failures=-1"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    JobRecord running = job.record;
    Transition backwards = job.report(0, TaskState.STARTING);
    assertEquals(running, backwards.record(), "RUNNING -> STARTING is not a transition of the table");
    assertTrue(backwards.actions().stream().anyMatch(a -> a instanceof Action.Notice n
        && n.reason().equals("IllegalTransition")));
    String failedTask = job.task(0).taskId();
    job.report(0, TaskState.FAILED);
    int failures = job.instance(0).failures();
    job.advance(Duration.ofMinutes(1));
    job.takeLaunches();
    job.report(failedTask, 0, TaskState.FAILED); // redelivered: applied once
    assertEquals(failures, job.instance(0).failures());
  }

  @Test
  void aLostTaskThatComesBackAfterItsReplacementStartedIsKilled() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    String first = job.task(0).taskId();
    job.report(0, TaskState.LOST);
    assertEquals(List.of(0), job.takeLaunches());
    job.report(first, 0, TaskState.RUNNING);
    assertEquals(List.of(first), job.takeKills());
  }

  @Test
  void aPartitionedTaskWithoutAPolicyIsGivenUpAndReplacedAtOnce() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    String first = job.task(0).taskId();
    job.report(0, TaskState.PARTITIONED);
    assertEquals(List.of(0), job.takeLaunches(), "no partition_policy: reschedule=True, delay_secs=0");
    assertNotEquals(first, job.task(0).taskId());
  }

  @Test
  void aPartitionedTaskIsKeptForDelaySecsThenReplaced() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "partition_policy=PartitionPolicy(delay_secs=60)"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    String first = job.task(0).taskId();
    job.advance(Duration.ofMinutes(10));
    job.report(0, TaskState.PARTITIONED);
    job.advance(Duration.ofSeconds(59));
    assertEquals(List.of(), job.takeLaunches());
    job.assertState(0, "PARTITIONED");
    job.advance(Duration.ofSeconds(1));
    assertEquals(List.of(0), job.takeLaunches(), "replaced once delay_secs has passed");
    assertNotEquals(first, job.task(0).taskId());
    // The agent comes back with the old task: it is killed, the replacement stays.
    job.report(first, 0, TaskState.RUNNING);
    assertEquals(List.of(first), job.takeKills());
  }

  @Test
  void aPartitionedTaskThatComesBackInTimeCarriesOn() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "partition_policy=PartitionPolicy(delay_secs=60)"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PARTITIONED);
    job.advance(Duration.ofSeconds(30));
    job.report(0, TaskState.RUNNING);
    job.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), job.takeLaunches());
    job.assertState(0, "RUNNING");
  }

  @Test
  void aPartitionedTaskOfADeletedJobIsGivenUpWithoutAReplacement() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "partition_policy=PartitionPolicy(delay_secs=30)"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PARTITIONED);
    job.on(new JobEvent.Delete());
    assertEquals(List.of(job.task(0).taskId()), job.takeKills());
    job.advance(Duration.ofSeconds(30));
    assertEquals(TaskState.LOST, job.task(0).state());
    assertEquals(List.of(), job.takeLaunches());
  }

  @Test
  void aPartitionedTaskBeingKilledByAScaleDownIsGivenUpAndItsInstanceRemoved() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "instances=2"));
    job.takeLaunches();
    job.allRunning();
    String second = job.task(1).taskId();
    job.apply(service("web", "serve", "instances=1"));
    assertEquals(List.of(second), job.takeKills());
    job.report(second, 1, TaskState.PARTITIONED);
    job.tick();
    assertNull(job.instance(1), "the unreachable task being killed is given up and its instance removed");
    assertEquals(List.of(), job.takeLaunches());
  }

  @Test
  void aPartitionedTaskIsNeverReplacedWhenRescheduleIsFalse() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "partition_policy=PartitionPolicy(reschedule=False, delay_secs=5)"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PARTITIONED);
    job.advance(Duration.ofDays(2));
    assertEquals(List.of(), job.takeLaunches());
    job.assertState(0, "PARTITIONED");
  }

  @Test
  void aChangedSpecRollsInstancesOneBatchAtATimeAfterWatchSecs() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve v1", "instances=2, " + UPDATE));
    job.takeLaunches();
    job.allRunning();
    job.apply(service("web", "serve v2", "instances=2, " + UPDATE));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(List.of(job.task(0).taskId()), job.takeKills(), "instance 0 first, one at a time");
    job.report(0, TaskState.KILLED);
    assertEquals(List.of(0), job.takeLaunches());
    job.report(0, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(5));
    assertEquals(List.of(), job.takeKills(), "instance 1 waits for instance 0's watch_secs");
    job.advance(Duration.ofSeconds(6));
    assertEquals(List.of(job.task(1).taskId()), job.takeKills());
    job.report(1, TaskState.KILLED);
    job.takeLaunches();
    job.report(1, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11));
    assertNull(job.record.update());
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
    assertEquals(1, job.record.configs().size(), "the old config is dropped once nothing runs it");
  }

  @Test
  void aFailingUpdateRollsBackInReverseOrderAndIsNotRetried() {
    MachineDriver job = new MachineDriver();
    JobSpec v1 = service("web", "serve v1", "instances=2, " + UPDATE);
    job.apply(v1);
    job.takeLaunches();
    job.allRunning();
    String v1Hash = job.record.target().hash();
    job.apply(service("web", "crash v2", "instances=2, " + UPDATE));
    job.report(0, TaskState.KILLED);
    job.takeLaunches();
    job.report(0, TaskState.FAILED); // the new version fails: over max_per_shard_failures 0 and max_total_failures 0
    UpdateRecord rollback = job.record.update();
    assertTrue(rollback.rollback());
    assertEquals(UpdateState.FAILED, job.record.lastUpdate().state());
    assertEquals(List.of(0), rollback.order());
    assertEquals(v1Hash, rollback.targets().get(0), "the rollback returns instance 0 to its old config");
    job.tick();
    assertEquals(List.of(0), job.takeLaunches());
    assertEquals(v1Hash, job.task(0).config());
    job.report(0, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLLED_BACK, job.record.lastUpdate().state());
    job.advance(Duration.ofMinutes(5));
    assertNull(job.record.update(), "a rolled-back config is not tried again");
  }

  @Test
  void aRollbackCutShortByARestartFinishesFromTheRecordAlone() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve v1", "instances=3, " + UPDATE.replace("batch_size=1", "batch_size=3")));
    job.takeLaunches();
    job.allRunning();
    String v1Hash = job.record.target().hash();
    job.apply(service("web", "crash v2", "instances=3, " + UPDATE.replace("batch_size=1", "batch_size=3")));
    for (int i = 0; i < 3; i++) {
      job.report(i, TaskState.KILLED);
    }
    job.takeLaunches();
    job.report(2, TaskState.FAILED);
    assertTrue(job.record.update().rollback());

    // The operator restarts: a new driver gets only the record.
    MachineDriver restarted = new MachineDriver(job.record);
    restarted.tick();
    restarted.allRunning();
    restarted.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 3; i++) {
      if (!v1Hash.equals(restarted.task(i).config())) {
        restarted.report(i, TaskState.KILLED);
        restarted.tick();
      }
    }
    restarted.allRunning();
    restarted.advance(Duration.ofSeconds(30));
    assertEquals(UpdateState.ROLLED_BACK, restarted.record.lastUpdate().state());
    for (int i = 0; i < 3; i++) {
      assertEquals(v1Hash, restarted.task(i).config(), "instance " + i + " is back on the old config");
    }
  }

  @Test
  void moreInstancesAreCreatedAndFewerKillTheSurplusWithoutTouchingTheOthers() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "instances=2, " + UPDATE));
    job.takeLaunches();
    job.allRunning();
    job.apply(service("web", "serve", "instances=3, " + UPDATE));
    assertEquals(List.of(2), job.takeLaunches());
    assertEquals(List.of(), job.takeKills());
    job.allRunning();
    job.advance(Duration.ofSeconds(11));
    job.apply(service("web", "serve", "instances=1, " + UPDATE));
    job.tick();
    job.tick();
    List<String> kills = job.takeKills();
    assertFalse(kills.contains(job.task(0).taskId()));
    assertTrue(kills.contains(job.task(1).taskId()) || kills.contains(job.task(2).taskId()));
  }

  @Test
  void aCronJobRunsAtItsTriggerAndKillExistingReplacesARunStillActive() {
    MachineDriver job = new MachineDriver();
    job.apply(batch("tick", "sleep 100", "cron_schedule='*/10 * * * *'"));
    assertEquals(List.of(), job.takeLaunches(), "nothing runs before the trigger");
    job.advance(Duration.ofMinutes(10));
    assertEquals(List.of(0), job.takeLaunches());
    job.report(0, TaskState.RUNNING);
    String first = job.task(0).taskId();
    job.advance(Duration.ofMinutes(10));
    assertEquals(List.of(first), job.takeKills(), "KILL_EXISTING kills the run still active");
    assertTrue(job.record.cron().runWaiting());
    job.report(first, 0, TaskState.KILLED);
    assertEquals(List.of(0), job.takeLaunches(), "the new run starts once the old one is gone");
  }

  @Test
  void deletingKillsEveryTaskAndReplacesNone() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "instances=2"));
    job.takeLaunches();
    job.allRunning();
    job.on(new JobEvent.Delete());
    assertEquals(2, job.takeKills().size());
    job.report(0, TaskState.KILLED);
    job.report(1, TaskState.KILLED);
    job.advance(Duration.ofMinutes(1));
    assertEquals(List.of(), job.takeLaunches());
    assertFalse(job.record.hasLiveTasks());
  }

  @Test
  void aResourceThatNamesAnotherJobRetiresTheOldJobsTasks() {
    MachineDriver job = new MachineDriver();
    job.apply(service("old", "serve", ""));
    job.takeLaunches();
    job.allRunning();
    String old = job.task(0).taskId();
    job.apply(service("new", "serve", ""));
    assertEquals(List.of(old), job.takeKills());
    assertEquals(List.of(0), job.takeLaunches());
    assertNotEquals(old, job.task(0).taskId());
    assertTrue(job.record.retiring().containsKey(old));
    job.report(old, -1, TaskState.KILLED);
    assertTrue(job.record.retiring().isEmpty());
  }
}
