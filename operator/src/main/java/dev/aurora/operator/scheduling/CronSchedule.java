package dev.aurora.operator.scheduling;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a cron job's next run is due. The dsl has already checked the schedule against Aurora's rules (five Unix
 * fields, no {@code @} macros, not both day fields); cron-utils computes the trigger times in the scheduler's zone.
 */
final class CronSchedule {
  private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, ExecutionTime> PARSED = new ConcurrentHashMap<>();

  private CronSchedule() {
  }

  /** The first trigger strictly after {@code now}, or null when the schedule has none. */
  static Instant nextAfter(String schedule, ZoneId zone, Instant now) {
    ExecutionTime times = PARSED.computeIfAbsent(schedule, s -> ExecutionTime.forCron(UNIX.parse(s)));
    return times.nextExecution(ZonedDateTime.ofInstant(now, zone)).map(ZonedDateTime::toInstant).orElse(null);
  }
}
