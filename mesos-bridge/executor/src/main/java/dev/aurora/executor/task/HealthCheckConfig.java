package dev.aurora.executor.task;

/** Aurora {@code HealthCheckConfig}; the three {@code *_secs} are Floats in Aurora's code. */
public record HealthCheckConfig(
    HealthCheckerConfig healthChecker,
    Double initialIntervalSecs,
    Double intervalSecs,
    Integer maxConsecutiveFailures,
    Integer minConsecutiveSuccesses,
    Double timeoutSecs) {
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
