package dev.aurora.dsl.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CronScheduleTest {
  @Test
  void acceptsTheSchedulersGrammar() {
    for (String ok : new String[] {"* * * * *", "*/5 * * * *", "15 2 * * *", "0-30/10 1,2,3 * JAN-MAR *",
        "0 0 * * sun", "0 0 1,15 * *", "59 23 31 12 *", "0 0 * * 0-6"}) {
      assertNull(CronSchedule.problem(ok), ok);
    }
  }

  @Test
  void refusesWhatTheSchedulerRefused() {
    assertEquals("bad day of week '7': 7 is outside 0-6", CronSchedule.problem("0 0 * * 7"));
    assertEquals("day of month and day of week may not both be specified", CronSchedule.problem("0 0 1 * MON"));
    assertEquals("expected 5 fields (minute hour day-of-month month day-of-week), got 1", CronSchedule.problem("@hourly"));
    assertEquals("bad minute '60': 60 is outside 0-59", CronSchedule.problem("60 * * * *"));
    assertEquals("bad hour '*/0': step must be a positive number", CronSchedule.problem("0 */0 * * *"));
    assertEquals("bad month 'FOO': 'FOO' is not a value", CronSchedule.problem("0 0 * FOO *"));
    assertEquals("bad minute '5-1': range end is before its start", CronSchedule.problem("5-1 * * * *"));
    assertEquals("bad minute '5/2': a step needs * or a range before it", CronSchedule.problem("5/2 * * * *"));
  }
}
