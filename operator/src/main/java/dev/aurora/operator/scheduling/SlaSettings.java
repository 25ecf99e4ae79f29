package dev.aurora.operator.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * The operator's settings for SLA-aware updates, Aurora's scheduler flags with their defaults (AURORA.md §4.6, §7.3).
 *
 * @param minRequiredInstances a job with fewer active tasks skips its Count/Percentage check
 *     ({@code -min_required_instances_for_sla_check}, 20); admission refuses such a policy below it too
 * @param killNonProd non-production jobs have their SLA checked too ({@code -sla_aware_kill_non_prod}, off)
 * @param retryMinDelay the first delay before a failed check is retried ({@code -sla_aware_kill_retry_min_delay},
 *     1 min); each retry doubles it
 * @param retryMaxDelay the longest delay ({@code -sla_aware_kill_retry_max_delay}, 5 min)
 * @param coordinatorTimeout how long a coordinator may take to answer before the check counts as failed
 */
public record SlaSettings(int minRequiredInstances, boolean killNonProd, Duration retryMinDelay,
                          Duration retryMaxDelay, Duration coordinatorTimeout) {
  public SlaSettings {
    Objects.requireNonNull(retryMinDelay, "retryMinDelay");
    Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
    Objects.requireNonNull(coordinatorTimeout, "coordinatorTimeout");
    if (minRequiredInstances < 0) {
      throw new IllegalArgumentException("the minimum number of instances for an SLA check cannot be negative");
    }
    if (retryMinDelay.isNegative() || retryMinDelay.isZero() || retryMaxDelay.compareTo(retryMinDelay) < 0) {
      throw new IllegalArgumentException("SLA retry delays must be positive, the maximum at least the minimum");
    }
  }

  public static SlaSettings defaults() {
    return new SlaSettings(20, false, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(30));
  }

  /** Aurora's truncated binary backoff: the minimum first, then double the last delay, up to the maximum. */
  Duration nextDelay(Duration last) {
    if (last == null || last.isZero()) {
      return retryMinDelay;
    }
    Duration doubled = last.multipliedBy(2);
    return doubled.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : doubled;
  }
}
