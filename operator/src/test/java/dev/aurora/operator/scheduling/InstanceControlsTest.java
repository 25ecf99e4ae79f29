package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Instance-scoped day-2 verbs as the machine sees them: restart of some instances, kill and start of instances. */
class InstanceControlsTest {
  private static final JobSpec WEB = service("web", "serve", "instances=4, update_config=UpdateConfig("
      + "batch_size=1, watch_secs=10, max_per_shard_failures=0, max_total_failures=0)");

  private static JobControls killed(Integer... ids) {
    return new JobControls(new TreeSet<>(), new TreeSet<>(List.of(ids)), false, "", "", "");
  }

  private static JobControls restartOnly(Integer... ids) {
    return new JobControls(new TreeSet<>(List.of(ids)), new TreeSet<>(), false, "", "", "");
  }

  private static MachineDriver runningWeb() {
    MachineDriver job = new MachineDriver();
    job.apply(WEB);
    job.takeLaunches();
    job.allRunning();
    job.advance(Duration.ofMinutes(1));
    return job;
  }

  @Test
  void aRestartLimitedToSomeInstancesReplacesOnlyThoseInOrderFollowingUpdateConfig() {
    MachineDriver job = runningWeb();
    String untouched = job.task(0).taskId();
    job.apply(WEB, "restart-1", restartOnly(1, 3));
    assertEquals(List.of(job.record.instances().get(1).task().taskId()), job.takeKills(), "one at a time: batch_size=1");
    assertEquals(2, job.record.update().order().size(), "the update names only the restarted instances");
    job.report(1, TaskState.KILLED);
    assertEquals(List.of(1), job.takeLaunches());
    job.report(1, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11)); // watch_secs
    assertEquals(List.of(job.task(3).taskId()), job.takeKills());
    job.report(3, TaskState.KILLED);
    assertEquals(List.of(3), job.takeLaunches());
    job.report(3, TaskState.RUNNING);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
    assertEquals(untouched, job.task(0).taskId(), "instances outside the restart keep their task");
    for (InstanceRecord instance : job.record.instances()) {
      assertEquals(job.record.target().hash(), instance.config(), "every instance is on the target config");
    }
    assertEquals(1, job.record.configs().size(), "the pre-restart config is gone: nothing runs it");
    job.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), job.takeKills(), "nothing more to restart");
  }

  @Test
  void aRestartWithoutInstancesRestartsEveryInstance() {
    MachineDriver job = runningWeb();
    job.apply(WEB, "restart-1", JobControls.NONE);
    assertEquals(4, job.record.update().order().size());
  }

  @Test
  void killedInstancesStayDownAndComeBackOnTheTargetConfigWhenStarted() {
    MachineDriver job = runningWeb();
    String two = job.task(2).taskId();
    job.apply(WEB, null, killed(2));
    assertEquals(List.of(two), job.takeKills());
    job.report(2, TaskState.KILLED);
    job.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), job.takeLaunches(), "a killed instance is not rescheduled");
    job.assertState(2, "KILLED");
    assertEquals(3, RecordView.snapshot(job.record).desiredInstances(), "the job wants 3 instances while one is killed");

    // A config change meanwhile rolls the others and leaves the killed instance alone.
    JobSpec v2 = service("web", "serve v2", "instances=4, update_config=UpdateConfig(batch_size=4, watch_secs=10)");
    job.apply(v2, null, killed(2));
    assertEquals(3, job.record.update().order().size(), "the update skips the killed instance");
    job.takeKills().forEach(id -> { });
    for (int i : List.of(0, 1, 3)) {
      job.report(i, TaskState.KILLED);
    }
    assertEquals(List.of(0, 1, 3), job.takeLaunches());
    job.allRunning();
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
    assertNull(job.record.update());

    job.apply(v2, null, JobControls.NONE); // kubectl aurora start --instances 2
    assertEquals(List.of(2), job.takeLaunches());
    assertEquals(job.record.target().hash(), job.task(2).config(), "it comes back on the job's current config");
  }

  @Test
  void anInstanceKilledWhileTheUpdateDrivesItLeavesTheUpdateWithoutFailingIt() {
    MachineDriver job = runningWeb();
    JobSpec v2 = service("web", "serve v2", "instances=4, update_config=UpdateConfig(batch_size=1, watch_secs=10)");
    job.apply(v2);
    String old0 = job.task(0).taskId();
    assertEquals(List.of(old0), job.takeKills());
    job.apply(v2, null, killed(0));
    job.report(0, TaskState.KILLED);
    assertEquals(List.of(), job.takeLaunches().stream().filter(i -> i == 0).toList(), "instance 0 stays down");
    assertTrue(job.record.update().updated().contains(0) || job.record.update().started() > 1,
        "the update went on to the next instance");
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
  }

  @Test
  void aNewJobDoesNotStartItsKilledInstancesAndABatchJobSucceedsWithoutThem() {
    MachineDriver job = new MachineDriver();
    job.apply(batch("once", "true", "instances=3"), null, killed(1));
    assertEquals(List.of(0, 2), job.takeLaunches());
    job.assertState(1, "KILLED");
    job.report(0, TaskState.FINISHED);
    job.report(2, TaskState.FINISHED);
    assertEquals(2, RecordView.snapshot(job.record).finished());
    assertEquals(2, RecordView.snapshot(job.record).desiredInstances());
  }

  @Test
  void killedInstancesSurviveAsPartOfTheRecord() {
    MachineDriver job = runningWeb();
    job.apply(WEB, null, killed(0, 1));
    assertEquals(Set.of(0, 1), job.record.controls().killedInstances());
    MachineDriver restarted = new MachineDriver(job.record);
    restarted.report(0, TaskState.KILLED);
    restarted.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), restarted.takeLaunches());
  }
}
