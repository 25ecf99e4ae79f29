package dev.aurora.executor.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Probes a task every {@code interval_secs}, the first probe at once, and tells its owner when the task first
 * counts as RUNNING and when it turns unhealthy. A {@code .healthchecksnooze} file in the sandbox skips the probe
 * and counts as a success, as in Aurora.
 */
public final class HealthMonitor {
  private final HealthCheck check;
  private final HealthCheckPolicy policy;
  private final Path snoozeFile;
  private final Duration interval;
  private final Runnable onRunning;
  private final Consumer<String> onUnhealthy;
  private ScheduledFuture<?> future;
  private boolean reportedRunning;
  private boolean stopped;

  public HealthMonitor(HealthCheck check, HealthCheckPolicy policy, Path sandbox, Duration interval,
      Runnable onRunning, Consumer<String> onUnhealthy) {
    this.check = check;
    this.policy = policy;
    this.snoozeFile = sandbox.resolve(".healthchecksnooze");
    this.interval = interval;
    this.onRunning = onRunning;
    this.onUnhealthy = onUnhealthy;
  }

  public synchronized void start(ScheduledExecutorService scheduler) {
    future = scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  public synchronized void stop() {
    stopped = true;
    if (future != null) {
      future.cancel(false);
    }
  }

  private void probe() {
    synchronized (this) {
      if (stopped) {
        return;
      }
    }
    if (policy.deadlinePassed()) {
      unhealthy(policy.unhealthyReason());
      return;
    }
    HealthCheck.Result result = Files.isRegularFile(snoozeFile) ? HealthCheck.Result.OK : check.check();
    policy.record(result);
    if (policy.unhealthyReason() != null) {
      unhealthy(policy.unhealthyReason());
      return;
    }
    if (policy.running() && !reportedRunning) {
      reportedRunning = true;
      onRunning.run();
    }
  }

  private void unhealthy(String reason) {
    stop();
    onUnhealthy.accept(reason);
  }
}
