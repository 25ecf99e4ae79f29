package dev.aurora.operator.scheduling;

import java.time.Instant;

/**
 * Cron jobs (AURORA.md §7.4): nothing runs until a trigger; then every instance runs as a batch task. A trigger while
 * the previous run is still active is skipped under {@code CANCEL_NEW}; under {@code KILL_EXISTING} (the default) the
 * old run's tasks are killed, its waiting retries dropped, and the new run starts once they are gone. Missed triggers
 * are not replayed: after a pause only the next one counts.
 */
final class CronRuns {
  private CronRuns() {
  }

  /** The cron record for a target's schedule: kept when the schedule is unchanged, else a new one. */
  static CronRecord forSchedule(CronRecord current, String schedule, MachineContext ctx) {
    if (schedule == null) {
      return null;
    }
    if (current != null && current.schedule().equals(schedule)) {
      return current;
    }
    return new CronRecord(schedule, CronSchedule.nextAfter(schedule, ctx.cronZone(), ctx.now()), null, false);
  }

  static void step(Step s) {
    Instant now = s.ctx.now();
    if (s.cron.nextRun() != null && !now.isBefore(s.cron.nextRun())) {
      s.cron = s.cron.withNextRun(CronSchedule.nextAfter(s.cron.schedule(), s.ctx.cronZone(), now));
      // A retry waiting to start (PENDING or THROTTLED) is an active task in Aurora's terms: it counts as running.
      boolean running = false;
      for (InstanceRecord instance : s.instances) {
        running |= instance.hasActiveTask() || instance.relaunchAt() != null;
      }
      if (!running) {
        startRun(s);
      } else if ("CANCEL_NEW".equalsIgnoreCase(s.target.spec().cron().collisionPolicy())) {
        s.notice("CronRunSkipped", "cron run skipped, the previous run is still active (CANCEL_NEW)");
      } else {
        for (InstanceRecord instance : s.instances.values()) {
          // Aurora deletes the old run's PENDING/THROTTLED tasks and kills the active ones.
          InstanceRecord dropped = instance.relaunchAt(null, false);
          s.put(dropped);
          if (dropped.hasActiveTask()) {
            s.kill(dropped.task());
          }
        }
        s.cron = s.cron.waiting(true);
      }
    }
    if (s.cron.runWaiting()) {
      boolean alive = false;
      for (InstanceRecord instance : s.instances) {
        alive |= instance.hasActiveTask();
      }
      if (!alive) {
        startRun(s);
      }
    }
  }

  private static void startRun(Step s) {
    s.cron = s.cron.ran(s.ctx.now());
    s.instances = InstanceMap.empty(); // a new run counts its own failures
    for (int id = 0; id < s.target.spec().instances(); id++) {
      InstanceRecord fresh = InstanceRecord.fresh(id, s.target.hash(), 0);
      s.put(s.killed(id) ? fresh : fresh.relaunchAt(s.ctx.now(), false));
    }
    s.pruneConfigs();
    s.notice("CronRun", "cron run of " + s.target.spec().instances() + " instance(s)");
  }
}
