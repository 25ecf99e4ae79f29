package dev.aurora.mesos;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the framework needs to know up front. Defaults follow MESOS.md: failover timeout one week, checkpointing
 * on, re-subscription back-off up to 15 s, a dead stream after 5 missed heartbeats, implicit reconciliation every
 * 15 minutes; a task pending for 3 minutes may preempt (Aurora's {@code -preemption_delay}).
 */
public record FrameworkConfig(String name, String user, List<String> roles, String principal, String secret,
                              Duration failoverTimeout, boolean checkpoint, Duration minBackoff, Duration maxBackoff,
                              int heartbeatMisses, Duration reconcileInterval, Duration reconcileRetry,
                              double declineRefuseSeconds, Duration killEscalation, ExecutorSettings executor,
                              boolean allowGpus, boolean receiveRevocable, Duration preemptionDelay) {
  public FrameworkConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
    roles = List.copyOf(roles);
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("at least one role is needed");
    }
    if ((principal == null) && (secret != null)) {
      throw new IllegalArgumentException("a secret needs a principal");
    }
    Objects.requireNonNull(executor, "executor");
    if (preemptionDelay == null || preemptionDelay.isNegative() || preemptionDelay.isZero()) {
      throw new IllegalArgumentException("the preemption delay must be positive, got " + preemptionDelay);
    }
  }

  /**
   * How often pending tasks are searched for preemption slots: Aurora's {@code -preemption_slot_search_interval} was
   * one minute next to a three-minute delay; a shorter delay is searched as often as a quarter of it.
   */
  public Duration preemptionSearchInterval() {
    Duration quarter = preemptionDelay.dividedBy(4);
    Duration interval = quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : quarter;
    return interval.compareTo(Duration.ofMillis(50)) < 0 ? Duration.ofMillis(50) : interval;
  }

  /** The same settings with another preemption delay (the operator's {@code --preemption-delay}). */
  public FrameworkConfig withPreemptionDelay(Duration delay) {
    return new FrameworkConfig(name, user, roles, principal, secret, failoverTimeout, checkpoint, minBackoff,
        maxBackoff, heartbeatMisses, reconcileInterval, reconcileRetry, declineRefuseSeconds, killEscalation, executor,
        allowGpus, receiveRevocable, delay);
  }

  public static Builder builder(ExecutorSettings executor) {
    return new Builder(executor);
  }

  /** Optional settings with their defaults. */
  public static final class Builder {
    private final ExecutorSettings executor;
    private String name = "aurora-operator";
    private String user = System.getProperty("user.name", "root");
    private List<String> roles = List.of("*");
    private String principal;
    private String secret;
    private Duration failoverTimeout = Duration.ofDays(7);
    private boolean checkpoint = true;
    private Duration minBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(15);
    private int heartbeatMisses = 5;
    private Duration reconcileInterval = Duration.ofMinutes(15);
    private Duration reconcileRetry = Duration.ofSeconds(10);
    private double declineRefuseSeconds = 5.0;
    private Duration killEscalation = Duration.ofMinutes(3);
    private boolean allowGpus;
    private boolean receiveRevocable;
    private Duration preemptionDelay = Duration.ofMinutes(3);

    private Builder(ExecutorSettings executor) {
      this.executor = executor;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder roles(List<String> v) {
      roles = v;
      return this;
    }

    public Builder credential(String p, String s) {
      principal = p;
      secret = s;
      return this;
    }

    public Builder failoverTimeout(Duration v) {
      failoverTimeout = v;
      return this;
    }

    public Builder checkpoint(boolean v) {
      checkpoint = v;
      return this;
    }

    public Builder backoff(Duration min, Duration max) {
      minBackoff = min;
      maxBackoff = max;
      return this;
    }

    public Builder heartbeatMisses(int v) {
      heartbeatMisses = v;
      return this;
    }

    public Builder reconcile(Duration interval, Duration retry) {
      reconcileInterval = interval;
      reconcileRetry = retry;
      return this;
    }

    public Builder declineRefuseSeconds(double v) {
      declineRefuseSeconds = v;
      return this;
    }

    /** After a KILL without a terminal answer for this long, the task's executor is shut down. */
    public Builder killEscalation(Duration v) {
      killEscalation = v;
      return this;
    }

    /** Aurora's {@code -allow_gpu_resource}: declare GPU_RESOURCES so the master offers agents with GPUs. */
    public Builder allowGpus(boolean v) {
      allowGpus = v;
      return this;
    }

    /** Aurora's {@code -receive_revocable_resources}: declare REVOCABLE_RESOURCES, for jobs of the revocable tier. */
    public Builder receiveRevocable(boolean v) {
      receiveRevocable = v;
      return this;
    }

    /** Aurora's {@code -preemption_delay}: how long a task stays pending before it may preempt others. */
    public Builder preemptionDelay(Duration v) {
      preemptionDelay = v;
      return this;
    }

    public FrameworkConfig build() {
      return new FrameworkConfig(name, user, roles, principal, secret, failoverTimeout, checkpoint, minBackoff,
          maxBackoff, heartbeatMisses, reconcileInterval, reconcileRetry, declineRefuseSeconds, killEscalation,
          executor, allowGpus, receiveRevocable, preemptionDelay);
    }
  }
}
