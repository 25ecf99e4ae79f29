package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Update control from the spec ({@code spec.update}: paused, resume, pulse, abort) and the holds of Aurora's updater
 * ({@code autopause_after_batch}, {@code pulse_interval_secs}), as pure transitions of the job's machine.
 */
class UpdateControlTest {
  private static final String QUEUE = "update_config=UpdateConfig(batch_size=1, watch_secs=10)";
  private static final String AUTOPAUSE = "update_config=UpdateConfig(watch_secs=10, "
      + "update_strategy=BatchUpdateStrategy(batch_size=1, autopause_after_batch=True))";
  private static final String PULSED = "update_config=UpdateConfig(batch_size=1, watch_secs=10, "
      + "pulse_interval_secs=60)";

  static JobControls controls(boolean paused, String resume, String pulse, String abort) {
    return new JobControls(new TreeSet<>(), new TreeSet<>(), paused, resume, pulse, abort);
  }

  /** A job of {@code instances} all RUNNING on v1, then given v2 under {@code controls}. */
  private static MachineDriver updating(String updateConfig, int instances, JobControls controls) {
    MachineDriver job = new MachineDriver();
    job.on(new JobEvent.Apply(JobConfig.of(v(1, updateConfig, instances), null), controls));
    job.takeLaunches();
    job.allRunning();
    job.on(new JobEvent.Apply(JobConfig.of(v(2, updateConfig, instances), null), controls));
    return job;
  }

  private static JobSpec v(int version, String updateConfig, int instances) {
    return service("web", "serve v" + version, "instances=" + instances + ", " + updateConfig);
  }

  private static void control(MachineDriver job, int version, String updateConfig, int instances,
                              JobControls controls) {
    job.on(new JobEvent.Apply(JobConfig.of(v(version, updateConfig, instances), null), controls));
  }

  private static List<String> notices(MachineDriver job, String reason) {
    return job.actions.stream().filter(a -> a instanceof Action.Notice n && n.reason().equals(reason))
        .map(a -> ((Action.Notice) a).message()).toList();
  }

  /** Replaces the task the update killed: KILLED, then the new task RUNNING. */
  private static void replace(MachineDriver job, int instance) {
    job.report(instance, TaskState.KILLED);
    assertEquals(List.of(instance), job.takeLaunches(), "instance " + instance + " starts on the new config");
    job.report(instance, TaskState.RUNNING);
  }

  @Test
  void aPausedUpdateStartsNothingAndResumesWhereItStopped() {
    JobControls running = controls(false, "", "", "");
    MachineDriver job = updating(QUEUE, 3, running);
    assertEquals(List.of(job.task(0).taskId()), job.takeKills());

    control(job, 2, QUEUE, 3, controls(true, "", "", ""));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());
    assertTrue(job.record.update().message().contains("spec.update.paused"), job.record.update().message());
    assertEquals(1, notices(job, "UpdatePaused").size());
    // The kill already asked for finishes; the replacement waits for the resume, as Aurora's paused updater did.
    job.report(0, TaskState.KILLED);
    job.advance(Duration.ofMinutes(10));
    assertEquals(List.of(), job.takeLaunches());
    assertEquals(List.of(), job.takeKills());

    control(job, 2, QUEUE, 3, running);
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(1, notices(job, "UpdateResumed").size());
    assertEquals(List.of(0), job.takeLaunches());
    job.report(0, TaskState.RUNNING);

    // Paused while an instance is watched: the watch does not end it until the update goes on.
    job.advance(Duration.ofSeconds(5));
    control(job, 2, QUEUE, 3, controls(true, "", "", ""));
    job.advance(Duration.ofSeconds(30));
    assertEquals(List.of(), job.takeKills());
    assertEquals(0, job.record.update().updated().size());
    control(job, 2, QUEUE, 3, running);
    assertEquals(List.of(job.task(1).taskId()), job.takeKills(), "instance 0 done, instance 1 next");
  }

  @Test
  void anUpdateThatStartsWhilePausedIsHeldFromItsStart() {
    MachineDriver job = updating(QUEUE, 2, controls(true, "", "", ""));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());
    assertEquals(List.of(), job.takeKills());
  }

  @Test
  void autopauseAfterBatchPausesAtEachBarrierUntilANewResumeToken() {
    MachineDriver job = updating(AUTOPAUSE, 3, controls(false, "r1", "", ""));
    assertEquals(List.of(job.task(0).taskId()), job.takeKills(), "the first batch starts at once");
    replace(job, 0);
    job.advance(Duration.ofSeconds(11));
    UpdateRecord paused = job.record.update();
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, paused.state());
    assertEquals("r1", paused.gates().autoPausedToken());
    assertTrue(paused.message().contains("after batch 1"), paused.message());
    assertEquals(List.of(), job.takeKills(), "the next batch waits");

    // The token the spec already held when the update paused does not resume it.
    control(job, 2, AUTOPAUSE, 3, controls(false, "r1", "", ""));
    job.advance(Duration.ofMinutes(5));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());
    assertEquals(List.of(), job.takeKills());

    control(job, 2, AUTOPAUSE, 3, controls(false, "r2", "", ""));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(List.of(job.task(1).taskId()), job.takeKills());
    replace(job, 1);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state(), "paused again after batch 2");
    assertEquals("r2", job.record.update().gates().autoPausedToken());

    control(job, 2, AUTOPAUSE, 3, controls(false, "r3", "", ""));
    replace(job, 2);
    job.advance(Duration.ofSeconds(11));
    assertNull(job.record.update(), "no pause after the last batch");
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
  }

  @Test
  void variableBatchesPauseBetweenBatchesOfTheirOwnSizes() {
    String variable = "update_config=UpdateConfig(watch_secs=10, "
        + "update_strategy=VariableBatchUpdateStrategy(batch_sizes=[1, 2], autopause_after_batch=True))";
    MachineDriver job = updating(variable, 3, controls(false, "", "", ""));
    assertEquals(List.of(job.task(0).taskId()), job.takeKills());
    replace(job, 0);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());
    control(job, 2, variable, 3, controls(false, "go", "", ""));
    assertEquals(List.of(job.task(1).taskId(), job.task(2).taskId()), job.takeKills(), "the second batch has 2");
    replace(job, 1);
    replace(job, 2);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
  }

  @Test
  void aRollbackDoesNotPauseItselfAfterItsBatches() {
    String update = "update_config=UpdateConfig(watch_secs=10, max_total_failures=0, rollback_on_failure=True, "
        + "update_strategy=BatchUpdateStrategy(batch_size=1, autopause_after_batch=True))";
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve v1", "instances=3, " + update));
    job.takeLaunches();
    job.allRunning();
    job.apply(service("web", "crash v2", "instances=3, " + update));
    replace(job, 0);
    job.advance(Duration.ofSeconds(11));
    job.on(new JobEvent.Apply(job.record.target(), controls(false, "go", "", "")));
    job.takeKills();
    job.report(1, TaskState.KILLED);
    job.takeLaunches();
    job.report(1, TaskState.FAILED);
    assertTrue(job.record.update().rollback());
    for (int i = 0; i < 4 && job.record.update() != null; i++) {
      assertEquals(UpdateState.ROLLING_BACK, job.record.update().state(), "never paused by autopause_after_batch");
      for (InstanceRecord instance : job.record.instances().values()) {
        if (instance.task() != null && instance.task().killRequested() && instance.task().active()) {
          job.report(instance.id(), TaskState.KILLED);
        }
      }
      job.allRunning();
      job.advance(Duration.ofSeconds(11));
    }
    assertEquals(UpdateState.ROLLED_BACK, job.record.lastUpdate().state());
  }

  @Test
  void aPulsedUpdateRunsOnlyWithinAnIntervalOfTheLastPulse() {
    MachineDriver job = updating(PULSED, 2, controls(false, "", "", ""));
    assertEquals(UpdateState.ROLL_FORWARD_AWAITING_PULSE, job.record.update().state(), "starts awaiting a pulse");
    assertEquals(List.of(), job.takeKills());

    control(job, 2, PULSED, 2, controls(false, "", "p1", ""));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(job.now, job.record.update().gates().lastPulse());
    assertEquals(List.of(job.task(0).taskId()), job.takeKills());
    replace(job, 0);

    job.advance(Duration.ofSeconds(60));
    assertEquals(UpdateState.ROLL_FORWARD_AWAITING_PULSE, job.record.update().state(), "the pulse expired");
    assertTrue(job.record.update().message().startsWith(UpdateHolds.PULSE_TIMEOUT), job.record.update().message());
    assertEquals(0, job.record.update().updated().size(), "instance 0 is not judged while the update is blocked");
    assertEquals(List.of(), job.takeKills());

    control(job, 2, PULSED, 2, controls(false, "", "p1", ""));
    assertEquals(UpdateState.ROLL_FORWARD_AWAITING_PULSE, job.record.update().state(), "the same token is no pulse");

    control(job, 2, PULSED, 2, controls(false, "", "p2", ""));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state());
    assertEquals(List.of(job.task(1).taskId()), job.takeKills(), "instance 0 passed its watch; instance 1 goes");
    replace(job, 1);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLLED_FORWARD, job.record.lastUpdate().state());
  }

  @Test
  void aPauseWinsOverAPulse() {
    MachineDriver job = updating(PULSED, 2, controls(true, "", "p1", ""));
    control(job, 2, PULSED, 2, controls(true, "", "p2", ""));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());
    control(job, 2, PULSED, 2, controls(false, "", "p2", ""));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state(), "the pulse kept while paused counts");
  }

  @Test
  void abortEndsOnlyTheUpdateItNamesAndBlocksItsConfigUntilTheSpecChanges() {
    MachineDriver job = updating(QUEUE, 3, controls(false, "", "", ""));
    String id = job.record.update().id();
    assertEquals(List.of(job.task(0).taskId()), job.takeKills());
    replace(job, 0);

    control(job, 2, QUEUE, 3, controls(false, "", "", "0123456789ab-1"));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state(), "another update's id does nothing");

    control(job, 2, QUEUE, 3, controls(false, "", "", id));
    assertNull(job.record.update());
    assertEquals(UpdateState.ABORTED, job.record.lastUpdate().state());
    assertEquals(id, job.record.lastUpdate().id());
    assertTrue(job.record.lastUpdate().message().contains("spec.update.abort"));
    assertEquals(job.record.target().hash(), job.record.blockedConfig());
    job.allRunning();
    job.advance(Duration.ofMinutes(10));
    assertNull(job.record.update(), "the aborted config is not tried again");
    assertEquals(List.of(), job.takeKills(), "instances are left as they are");
    assertEquals(job.record.target().hash(), job.task(0).config());
    assertTrue(!job.record.target().hash().equals(job.task(1).config()), "instance 1 still runs v1");

    control(job, 3, QUEUE, 3, controls(false, "", "", id));
    assertEquals(UpdateState.ROLLING_FORWARD, job.record.update().state(), "a new spec starts a new update");
  }

  @Test
  void aRollbackCanBeAbortedToo() {
    MachineDriver job = new MachineDriver();
    String update = "update_config=UpdateConfig(batch_size=1, watch_secs=10, rollback_on_failure=True)";
    job.apply(service("web", "serve v1", "instances=2, " + update));
    job.takeLaunches();
    job.allRunning();
    job.apply(service("web", "crash v2", "instances=2, " + update));
    job.report(0, TaskState.KILLED);
    job.takeLaunches();
    job.report(0, TaskState.FAILED);
    UpdateRecord rollback = job.record.update();
    assertTrue(rollback.rollback());
    job.on(new JobEvent.Apply(job.record.target(), controls(false, "", "", rollback.id())));
    assertNull(job.record.update());
    assertEquals(UpdateState.ABORTED, job.record.lastUpdate().state());
    assertTrue(job.record.lastUpdate().rollback());
    assertEquals(rollback.fromConfig(), job.record.blockedConfig(), "the failed config stays blocked");
  }

  @Test
  void aHeldUpdateCarriesOnFromTheRecordAlone() {
    MachineDriver job = updating(AUTOPAUSE, 2, controls(false, "r1", "", ""));
    replace(job, 0);
    job.advance(Duration.ofSeconds(11));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, job.record.update().state());

    MachineDriver restarted = new MachineDriver(job.record);
    restarted.now = job.now;
    restarted.advance(Duration.ofMinutes(1));
    control(restarted, 2, AUTOPAUSE, 2, controls(false, "r1", "", ""));
    assertEquals(UpdateState.ROLL_FORWARD_PAUSED, restarted.record.update().state(), "still paused after a restart");
    control(restarted, 2, AUTOPAUSE, 2, controls(false, "r2", "", ""));
    assertEquals(UpdateState.ROLLING_FORWARD, restarted.record.update().state());
  }
}
