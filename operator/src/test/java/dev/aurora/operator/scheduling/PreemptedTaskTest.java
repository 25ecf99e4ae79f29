package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the core does with a task the backend preempts (AURORA.md §7.1-7.2, §7.5), and what it tells the backend for
 * preemption: the job's priority and its tier, with {@code production} backfilled into it.
 */
class PreemptedTaskTest {
  @Test
  void aPreemptedTaskIsReplacedAtOnceWithoutAFailureOrAFlap() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    for (int round = 1; round <= 3; round++) {
      job.report(0, TaskState.RUNNING);
      job.report(0, TaskState.PREEMPTING);
      job.assertState(0, "PREEMPTING");
      assertEquals(List.of(new Action.Event("Preempted", "instance 0: task " + job.task(0).taskId() + " preempted",
          false)), preemptedEvents(job), "an Event keeps what the status will not");
      assertEquals(List.of(), job.takeLaunches(), "nothing replaces it before it has ended");
      assertEquals(List.of(), job.takeKills(), "the backend kills what it preempts; the core asks nothing more");
      job.report(0, TaskState.KILLED);
      assertEquals(List.of(0), job.takeLaunches(), "round " + round + ": replaced at once, never throttled");
      assertEquals(0, job.instance(0).failures());
      assertEquals(0, job.instance(0).flaps());
    }

    // The same short lives ended by KILLED without a preemption flap, and the second is throttled.
    MachineDriver killed = new MachineDriver();
    killed.apply(service("web", "serve", ""));
    killed.takeLaunches();
    killed.report(0, TaskState.KILLED);
    assertEquals(List.of(0), killed.takeLaunches());
    killed.report(0, TaskState.KILLED);
    killed.assertState(0, "THROTTLED");
  }

  @Test
  void aBatchTaskThatFailsWhilePreemptedIsRescheduledAndNotCountedAsAFailure() {
    MachineDriver job = new MachineDriver();
    job.apply(batch("once", "sleep 60", "max_task_failures=1"));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PREEMPTING);
    job.report(0, TaskState.FAILED);
    assertEquals(List.of(0), job.takeLaunches(), "one failure would have ended it; a preemption does not");
    assertEquals(0, job.instance(0).failures());

    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.FAILED);
    assertEquals(List.of(), job.takeLaunches(), "a failure of its own still counts");
    assertEquals(1, job.instance(0).failures());
  }

  @Test
  void theExecutorKillingAPreemptedTaskLeavesItPreempting() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PREEMPTING);
    job.report(0, TaskState.KILLING);
    assertEquals(TaskState.PREEMPTING, job.task(0).state());
    assertEquals(1, preemptedEvents(job).size(), "the executor's KILLING is no second preemption");
    job.report(0, TaskState.KILLED);
    assertEquals(List.of(0), job.takeLaunches());
    assertEquals(0, job.instance(0).flaps());
  }

  @Test
  void aPreemptedTaskOfAJobBeingDeletedIsNotReplaced() {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", ""));
    job.takeLaunches();
    job.report(0, TaskState.RUNNING);
    job.report(0, TaskState.PREEMPTING);
    job.on(new JobEvent.Delete());
    assertFalse(job.takeKills().isEmpty(), "deleting kills the task still being preempted");
    job.report(0, TaskState.KILLED);
    assertEquals(List.of(), job.takeLaunches());
  }

  /** The Preempted events so far, taken out of the driver's actions. */
  private static List<Action.Event> preemptedEvents(MachineDriver job) {
    List<Action.Event> events = job.actions.stream().filter(a -> a instanceof Action.Event)
        .map(a -> (Action.Event) a).filter(e -> e.reason().equals("Preempted")).toList();
    job.actions.removeAll(events);
    return events;
  }

  private static LaunchRequest requestFor(String jobFields) {
    return EffectRunner.launchRequest(JobConfig.of(service("web", "serve", jobFields), null), 0, "t-0");
  }

  @Test
  void theLaunchRequestCarriesPriorityAndTheTierWithProductionBackfilled() {
    LaunchRequest plain = requestFor("");
    assertEquals("preemptible", plain.config().tier());
    assertEquals(0, plain.config().priority());
    assertTrue(plain.config().preemptible());

    LaunchRequest production = requestFor("production=True, priority=7");
    assertEquals("preferred", production.config().tier(), "production=True without a tier resolves to preferred");
    assertFalse(production.config().preemptible());
    assertEquals(7, production.config().priority());

    LaunchRequest tierWins = requestFor("production=True, tier='preemptible'");
    assertEquals("preemptible", tierWins.config().tier(), "a tier set wins; production follows from it");
    assertTrue(tierWins.config().preemptible());

    assertFalse(requestFor("tier='preferred'").config().preemptible());
    assertTrue(requestFor("tier='revocable'").config().preemptible());
  }
}
