package dev.aurora.executor.health;

/**
 * Aurora's health-check bookkeeping (executor {@code ThreadedHealthChecker}), without threads or clocks:
 * failures during the first {@code ceil(initial_interval / interval)} attempts are forgiven; the task becomes
 * RUNNING after {@code min_consecutive_successes} successes in a row; it turns unhealthy when consecutive failures
 * exceed {@code max_consecutive_failures}, when not enough attempts remain to prove health, or when it was not
 * RUNNING after {@code forgiving + max_consecutive_failures + min_consecutive_successes} attempts.
 */
public final class HealthCheckPolicy {
  private final int forgivingAttempts;
  private final int maxAttemptsToRunning;
  private final int maxConsecutiveFailures;
  private final int minConsecutiveSuccesses;
  private int attempts;
  private int consecutiveFailures;
  private int consecutiveSuccesses;
  private boolean running;
  private String unhealthyReason;

  public HealthCheckPolicy(double initialIntervalSecs, double intervalSecs, int maxConsecutiveFailures,
      int minConsecutiveSuccesses) {
    this.forgivingAttempts = (int) Math.ceil(initialIntervalSecs / intervalSecs);
    this.maxConsecutiveFailures = maxConsecutiveFailures;
    this.minConsecutiveSuccesses = minConsecutiveSuccesses;
    this.maxAttemptsToRunning = forgivingAttempts + maxConsecutiveFailures + minConsecutiveSuccesses;
  }

  /** Whether another probe should run at all (false once the deadline to become RUNNING has passed). */
  public boolean deadlinePassed() {
    if (!running && attempts > maxAttemptsToRunning) {
      unhealthyReason = "Not enough successful health checks in time.";
      return true;
    }
    return false;
  }

  public void record(HealthCheck.Result result) {
    if (attempts <= maxAttemptsToRunning) {
      attempts++;
    }
    if (result.healthy()) {
      consecutiveSuccesses++;
      if (!running && consecutiveSuccesses >= minConsecutiveSuccesses) {
        running = true;
      }
      consecutiveFailures = 0;
      return;
    }
    consecutiveSuccesses = 0;
    if (attempts <= forgivingAttempts) {
      return;
    }
    if (!running) {
      int attemptsRemaining = maxAttemptsToRunning - attempts;
      int successesNeeded = minConsecutiveSuccesses - consecutiveSuccesses;
      if (attemptsRemaining > 1 && successesNeeded > attemptsRemaining) {
        unhealthyReason = result.reason();
      }
    }
    consecutiveFailures++;
    if (consecutiveFailures > maxConsecutiveFailures) {
      unhealthyReason = result.reason();
    }
  }

  public boolean running() {
    return running;
  }

  /** Null while healthy. */
  public String unhealthyReason() {
    return unhealthyReason;
  }
}
