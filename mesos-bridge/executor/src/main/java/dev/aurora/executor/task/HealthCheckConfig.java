package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora {@code HealthCheckConfig}; the three {@code *_secs} are Floats in Aurora's code. */
public record HealthCheckConfig(
    @JsonProperty("health_checker") HealthCheckerConfig healthChecker,
    @JsonProperty("initial_interval_secs") Double initialIntervalSecs,
    @JsonProperty("interval_secs") Double intervalSecs,
    @JsonProperty("max_consecutive_failures") Integer maxConsecutiveFailures,
    @JsonProperty("min_consecutive_successes") Integer minConsecutiveSuccesses,
    @JsonProperty("timeout_secs") Double timeoutSecs) {
  public HealthCheckConfig {
    healthChecker = healthChecker == null ? HealthCheckerConfig.DEFAULT : healthChecker;
    initialIntervalSecs = initialIntervalSecs == null ? 15.0 : initialIntervalSecs;
    intervalSecs = intervalSecs == null ? 10.0 : intervalSecs;
    maxConsecutiveFailures = maxConsecutiveFailures == null ? 0 : maxConsecutiveFailures;
    minConsecutiveSuccesses = minConsecutiveSuccesses == null ? 1 : minConsecutiveSuccesses;
    timeoutSecs = timeoutSecs == null ? 1.0 : timeoutSecs;
  }

  public static final HealthCheckConfig DEFAULT = new HealthCheckConfig(null, null, null, null, null, null);
}
