package dev.aurora.operator.scheduling;

import java.time.Instant;

/**
 * A cron job's schedule in the scheduler's record.
 *
 * @param nextRun the next trigger (null when the schedule has none)
 * @param lastRun when the last run started, null before the first
 * @param runWaiting a trigger under KILL_EXISTING is waiting for the previous run's tasks to die
 */
public record CronRecord(String schedule, Instant nextRun, Instant lastRun, boolean runWaiting) {
  CronRecord withNextRun(Instant next) {
    return new CronRecord(schedule, next, lastRun, runWaiting);
  }

  CronRecord waiting(boolean waiting) {
    return new CronRecord(schedule, nextRun, lastRun, waiting);
  }

  CronRecord ran(Instant when) {
    return new CronRecord(schedule, nextRun, when, false);
  }
}
