package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.util.List;
import java.util.SortedSet;

/**
 * The scheduler of one job as a pure function: {@code (record, event, context) -> (record', actions)}. It routes the
 * event to the task state table ({@link TaskTransitions}), the rescheduling rules ({@link Rescheduling}), rolling
 * updates ({@link RollingUpdates}) and cron ({@link CronRuns}), then converges: launches what is due, kills what is
 * not wanted. The actions are carried out elsewhere, after the record is durable ({@link EffectRunner}).
 */
public final class JobMachine {
  private JobMachine() {
  }

  public static Transition apply(JobRecord record, JobEvent event, MachineContext ctx) {
    Step s = new Step(record, ctx);
    if (event instanceof JobEvent.Apply apply) {
      JobControls before = s.controls;
      s.controls = apply.controls();
      applyTarget(s, apply.target(), apply.controls().restartInstances());
      InstanceControls.startAgain(s, before.killedInstances());
      UpdateHolds.onApply(s, before);
    } else if (event instanceof JobEvent.CoordinatorAnswer answer) {
      SlaAwareKill.onAnswer(s, answer);
    } else if (event instanceof JobEvent.TaskReport report) {
      report(s, report);
    } else if (event instanceof JobEvent.Delete) {
      delete(s);
    } // a Tick only converges

    converge(s);
    return s.result();
  }

  // ---- desired state ------------------------------------------------------------------------------------------

  private static void applyTarget(Step s, JobConfig config, SortedSet<Integer> restartInstances) {
    if (s.target != null && s.target.hash().equals(config.hash())
        && s.target.spec().contentHash().equals(config.spec().contentHash())) {
      return;
    }
    JobConfig previous = s.target;
    if (s.target != null && !s.target.key().equals(config.key())) {
      // The resource now names another job: the old job's tasks are killed, and the new job starts from nothing.
      RollingUpdates.abort(s, "the AuroraJob now runs " + config.spec().key());
      for (InstanceRecord instance : s.instances) {
        if (instance.hasActiveTask()) {
          s.retire(instance.task());
          s.kill(instance.task());
        }
      }
      s.instances = InstanceMap.empty();
      s.lastUpdate = null;
      s.cron = null;
    }
    s.target = config;
    s.putConfig(config);
    InstanceControls.limitRestart(s, previous, restartInstances);
    s.cron = CronRuns.forSchedule(s.cron, config.spec().cron() == null ? null : config.spec().cron().schedule(),
        s.ctx);
    RollingUpdates.abort(s, "superseded by a newer spec");
    s.blockedConfig = null;
    s.pruneConfigs();
  }

  private static void delete(Step s) {
    if (!s.deleting) {
      s.deleting = true;
      RollingUpdates.abort(s, "the AuroraJob is being deleted");
    }
  }

  // ---- observed state -----------------------------------------------------------------------------------------

  private static void report(Step s, JobEvent.TaskReport report) {
    InstanceRecord owner = report.instanceId() < 0 ? null : s.instance(report.instanceId());
    TaskRecord task = owner != null && owner.task() != null && owner.task().taskId().equals(report.taskId())
        ? owner.task() : s.retiring.get(report.taskId());
    if (task == null) {
      if (!report.state().isTerminal()) {
        // A task of an instance that has moved on still runs (reported again after LOST, say): one must go.
        s.warning("TaskKilled", "killing task " + report.taskId() + ": reported " + report.state()
            + " after its instance moved on");
        s.killUntracked(report.taskId());
      }
      return;
    }
    if (task.state().isTerminal()) {
      if (!report.state().isTerminal()) {
        s.warning("TaskKilled", "killing task " + task.taskId() + ": reported " + report.state() + " after it ended "
            + task.state());
        s.killUntracked(task.taskId());
      }
      return; // at-least-once delivery and reconciliation repeat states; an ended task stays ended
    }
    TaskState state = report.state();
    if (task.state() == TaskState.PREEMPTING && state == TaskState.KILLING && !task.killRequested()) {
      state = TaskState.PREEMPTING; // the executor is killing what the backend preempts: still being preempted
    }
    TaskRecord reported = task.withReport(report.host(), report.ports(), report.message(), report.sandbox());
    if (state != task.state() && !TaskTransitions.allowed(task.state(), state)) {
      s.warning("IllegalTransition", "task " + task.taskId() + ": " + task.state() + " -> " + state
          + " is not a transition of Aurora's task state machine; ignored");
      return;
    }
    TaskRecord next = reported.withState(state, s.ctx.now());
    if (next.equals(task)) {
      return; // a repeat (reconciliation, redelivery): nothing to write
    }
    if (next.state() == TaskState.PREEMPTING && task.state() != TaskState.PREEMPTING) {
      // The status moves on to the replacement at once, so only an Event keeps why the instance restarted.
      s.event("Preempted", "instance " + next.instanceId() + ": task " + next.taskId() + " preempted"
          + (next.message().isEmpty() ? "" : ": " + next.message()), false);
    }
    if (owner != null && owner.task() == task) {
      owner = owner.withTask(next);
      s.put(owner);
    } else {
      s.retire(next);
    }
    if (next.state().isTerminal()) {
      onTerminal(s, owner != null && owner.task() == next ? owner : null, next, task.state() == TaskState.PREEMPTING);
    }
  }

  static void onTerminal(Step s, InstanceRecord instance, TaskRecord task) {
    onTerminal(s, instance, task, false);
  }

  /**
   * {@code preempted}: the task ended while PREEMPTING. Aurora rescheduled such a task whatever its end, without
   * counting a failure. It is replaced at once and never throttled: a preemption says nothing about the task's health.
   * (Aurora's flapping rule did not list PREEMPTING among the states that excuse a short life, so an instance
   * preempted twice within its threshold was throttled there; here it is not.)
   */
  static void onTerminal(Step s, InstanceRecord instance, TaskRecord task, boolean preempted) {
    if (instance == null) {
      s.forgetRetiring(task.taskId());
      return;
    }
    if (s.update != null && s.update.controls(instance.id())) {
      RollingUpdates.onTerminal(s, instance, task);
      return;
    }
    if (s.deleting || s.target == null) {
      return;
    }
    if (task.killRequested()) {
      // We asked for it: whoever asked (update, cron, scale-down) decides what comes next. An instance that is still
      // wanted and that no update will reach (its update was superseded while the kill was under way) starts again.
      boolean handled = s.cron != null || instance.id() >= s.desiredInstances() || s.killed(instance.id())
          || (s.update != null && s.update.order().contains(instance.id()));
      if (!handled) {
        s.put(instance.relaunchAt(s.ctx.now(), false));
      }
      return;
    }
    if (preempted) {
      s.put(instance.relaunchAt(s.ctx.now(), false));
      return;
    }
    Rescheduling.reschedule(s, instance, task);
  }

  // ---- acting -------------------------------------------------------------------------------------------------

  private static void converge(Step s) {
    Partitions.step(s); // before deletion too: a task that cannot be reached is given up, not waited for forever
    if (s.deleting) {
      for (InstanceRecord instance : s.instances) {
        if (instance.hasActiveTask()) {
          s.kill(instance.task());
        }
      }
      List.copyOf(s.retiring.values()).forEach(s::kill);
      return;
    }
    if (s.target == null || !s.ctx.launchesAllowed()) {
      return; // until the backend has reported what already runs, nothing can be known to be missing
    }
    if (s.update != null) {
      RollingUpdates.step(s);
      if (s.update != null && !s.update.inProgress()) {
        if (s.update.state() != UpdateView.UpdateState.ROLLED_FORWARD) {
          s.blockedConfig = s.update.rollback() ? s.update.fromConfig() : s.update.toConfig();
        }
        RollingUpdates.end(s);
      }
    }
    if (s.cron != null) {
      CronRuns.step(s);
    } else if (s.instances.isEmpty()) {
      for (int id = 0; id < s.target.spec().instances(); id++) {
        // A new job: every instance at once, as `aurora job create` did (but those the spec keeps killed).
        InstanceRecord fresh = InstanceRecord.fresh(id, s.target.hash(), 0);
        s.put(s.killed(id) ? fresh : fresh.relaunchAt(s.ctx.now(), false));
      }
    } else if (s.update == null && !s.target.hash().equals(s.blockedConfig) && RollingUpdates.needed(s)) {
      RollingUpdates.start(s);
      RollingUpdates.step(s);
    }
    int desired = s.desiredInstances();
    for (InstanceRecord instance : s.instances.values()) {
      if (s.update != null && s.update.controls(instance.id())) {
        continue;
      }
      if (instance.id() < desired && s.killed(instance.id())) {
        InstanceControls.keepDown(s, instance);
      } else if (instance.id() >= desired && s.update == null && s.cron == null) {
        if (instance.hasActiveTask()) {
          s.kill(instance.task());
        } else {
          s.remove(instance.id());
        }
      } else if (instance.relaunchAt() != null && !s.ctx.now().isBefore(instance.relaunchAt())) {
        launchNow(s, instance);
      }
    }
  }

  static void launchNow(Step s, InstanceRecord instance) {
    if (!s.ctx.launchesAllowed()) {
      if (instance.relaunchAt() == null) {
        s.put(instance.relaunchAt(s.ctx.now(), false));
      }
      return; // waiting for the backend to report what already runs
    }
    s.launch(instance, s.configOf(instance));
  }
}
