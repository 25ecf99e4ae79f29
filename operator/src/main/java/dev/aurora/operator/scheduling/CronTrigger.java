package dev.aurora.operator.scheduling;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a cron job's next run is due. The dsl has already checked the schedule against Aurora's rules (five Unix
 * fields, no {@code @} macros, not both day fields); cron-utils computes the trigger times in the scheduler's zone.
 * Missed triggers are not replayed (as Aurora did across a failover): after a pause only the next one counts.
 */
final class CronTrigger {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  final String schedule;
  private final ExecutionTime times;
  private final ZoneId zone;
  private Instant next;

  CronTrigger(String schedule, ZoneId zone, Instant now) {
    this.schedule = schedule;
    this.times = ExecutionTime.forCron(UNIX.parse(schedule));
    this.zone = zone;
    this.next = nextAfter(now);
  }

  /** Whether a trigger time has passed; if so, moves on to the first trigger after {@code now}. */
  boolean fire(Instant now) {
    if (next == null || now.isBefore(next)) {
      return false;
    }
    next = nextAfter(now);
    return true;
  }

  Instant next() {
    return next;
  }

  private Instant nextAfter(Instant now) {
    return times.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant).orElse(null);
  }
}
