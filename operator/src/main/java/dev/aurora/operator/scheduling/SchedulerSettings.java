package dev.aurora.operator.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The scheduling core's timings, Aurora's scheduler flags where one exists (AURORA.md §7.2).
 *
 * @param flappingThreshold a task that ends sooner than this after its launch "flapped"
 * @param initialFlappingDelay the first throttle penalty of a flapping instance ({@code initial_flapping_task_delay})
 * @param maxFlappingDelay the cap of the doubling penalty ({@code max_flapping_task_delay})
 * @param tick how often timers (throttles, {@code watch_secs}, cron triggers) are checked
 * @param adoptionWait how long launches wait at start for the backend to report the tasks it already runs
 * @param orphanTimeout how long a running task no AuroraJob claims is left alone before it is killed
 * @param cronTimeZone where cron schedules are read (Aurora's {@code -cron_timezone}, GMT by default)
 * @param sla SLA-aware updates: the minimum job size for a check and the retry delays
 */
public record SchedulerSettings(Duration flappingThreshold, Duration initialFlappingDelay, Duration maxFlappingDelay,
                                Duration tick, Duration adoptionWait, Duration orphanTimeout, String cronTimeZone,
                                Clock clock, SlaSettings sla) {
  public SchedulerSettings {
    Objects.requireNonNull(flappingThreshold, "flappingThreshold");
    Objects.requireNonNull(initialFlappingDelay, "initialFlappingDelay");
    Objects.requireNonNull(maxFlappingDelay, "maxFlappingDelay");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(adoptionWait, "adoptionWait");
    Objects.requireNonNull(orphanTimeout, "orphanTimeout");
    Objects.requireNonNull(cronTimeZone, "cronTimeZone");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sla, "sla");
  }

  /** With Aurora's SLA defaults. */
  public SchedulerSettings(Duration flappingThreshold, Duration initialFlappingDelay, Duration maxFlappingDelay,
                           Duration tick, Duration adoptionWait, Duration orphanTimeout, String cronTimeZone,
                           Clock clock) {
    this(flappingThreshold, initialFlappingDelay, maxFlappingDelay, tick, adoptionWait, orphanTimeout, cronTimeZone,
        clock, SlaSettings.defaults());
  }

  public SchedulerSettings withSla(SlaSettings newSla) {
    return new SchedulerSettings(flappingThreshold, initialFlappingDelay, maxFlappingDelay, tick, adoptionWait,
        orphanTimeout, cronTimeZone, clock, newSla);
  }

  public static SchedulerSettings defaults() {
    return new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(5), "GMT", Clock.systemUTC());
  }
}
