package dev.aurora.executor.supervisor;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.announce.Announcement;
import dev.aurora.executor.announce.ServerSetMembership;
import dev.aurora.executor.announce.ZooKeeperMembership;
import dev.aurora.executor.health.HealthCheck;
import dev.aurora.executor.health.HealthCheckPolicy;
import dev.aurora.executor.health.HealthMonitor;
import dev.aurora.executor.health.HttpHealthCheck;
import dev.aurora.executor.health.ShellHealthCheck;
import dev.aurora.executor.runtime.ProcessLauncher;
import dev.aurora.executor.runtime.ProcessTransition;
import dev.aurora.executor.runtime.RoleUser;
import dev.aurora.executor.runtime.TaskRunner;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.supervisor.TaskOutcome.Cause;
import dev.aurora.executor.task.BoundTask;
import dev.aurora.executor.task.HealthCheckConfig;
import dev.aurora.executor.task.HttpHealthChecker;
import dev.aurora.executor.task.HttpLifecycleConfig;
import dev.aurora.executor.task.JobConfig;
import dev.aurora.executor.task.ResourcesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Aurora's executor around one Thermos runner (AURORA.md §6.6): starts the runner, reports RUNNING once the
 * health check agrees, watches disk usage, and on a kill or a failing check shuts the task down through the HTTP
 * lifecycle endpoints and then signals. The outcome is the checker's verdict if the task was still active when
 * shutdown began, else the runner's own terminal state.
 *
 * <p>A job with {@code announce} joins its ServerSet right after the runner started, together with the other status
 * checkers, as Aurora's executor did (not once healthy: Aurora's announcer did not wait for the health check). It
 * leaves first on every way out: before the HTTP lifecycle and the signals of a kill or a failed check, and before
 * the terminal update when the task ended by itself.
 */
public final class TaskSupervisor {
  private final BoundTask assigned;
  private final Path sandbox;
  private final ExecutorSettings settings;
  private final TaskObserver observer;
  private final ScheduledExecutorService checks;
  private final CountDownLatch ended = new CountDownLatch(1);
  private TaskRunner runner;
  private HealthMonitor health;
  private ServerSetMembership membership;
  /** Without a health check the task counts as running as soon as its runner is active. */
  private boolean assumeHealthy;
  private boolean runningReported;
  private boolean shuttingDown;
  private volatile TaskOutcome outcome;

  public TaskSupervisor(BoundTask assigned, Path sandbox, ExecutorSettings settings, TaskObserver observer) {
    this.assigned = assigned;
    this.sandbox = sandbox;
    this.settings = settings;
    this.observer = observer;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(null, r, "task-checks", 256 * 1024);
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.checks = pool;
  }

  public synchronized void start() {
    JobConfig job = assigned.job();
    Announcement announcement;
    try {
      // The resolved port map (assigned ports and announce.portmap aliases) is what Aurora announced.
      announcement = Announcement.of(assigned, assigned.ports(), settings.announcer());
    } catch (Announcement.Refused e) {
      end(new TaskOutcome(TaskState.FAILED, Cause.INVALID_TASK, e.getMessage()));
      return;
    }
    RoleUser user;
    try {
      user = SandboxSetup.create(sandbox, job.role(), settings.setuid(), assigned.hostname());
    } catch (SandboxSetup.Failure e) {
      end(new TaskOutcome(TaskState.FAILED, e.cause(), e.getMessage()));
      return;
    }
    ProcessLauncher launcher = new ProcessLauncher(sandbox, settings.defaultLogger(), user);
    HealthCheck check = healthCheck(job.healthCheckConfig(), launcher, settings.setuidHealthChecks() ? user : null);
    assumeHealthy = check == null;
    runner = new TaskRunner(job.task(), launcher, new RunnerListener());
    runner.start();
    if (announcement != null) {
      membership = new ZooKeeperMembership(announcement,
          reason -> shutdown(TaskState.FAILED, Cause.ANNOUNCER, reason));
      membership.join();
    }
    if (check != null) {
      HealthCheckConfig hc = job.healthCheckConfig();
      health = new HealthMonitor(check, new HealthCheckPolicy(hc.initialIntervalSecs(), hc.intervalSecs(),
          hc.maxConsecutiveFailures(), hc.minConsecutiveSuccesses()), sandbox, seconds(hc.intervalSecs()),
          () -> reportRunning("Task is healthy."),
          reason -> shutdown(TaskState.FAILED, Cause.HEALTH_CHECK, "Failed health check! " + reason));
      health.start(checks);
    }
    ResourcesConfig resources = job.task().resources();
    if (resources != null && resources.disk() != null && resources.disk() > 0) {
      long interval = settings.diskCheckInterval().toNanos();
      checks.scheduleWithFixedDelay(() -> checkDisk(resources.disk()), interval, interval, TimeUnit.NANOSECONDS);
    }
  }

  /** Kill as the scheduler asks: lifecycle endpoints, then signals within the executor's kill budget. */
  public void kill() {
    kill(settings.killWait());
  }

  /** Kill with an explicit signal budget (a Mesos kill policy's grace period). */
  public void kill(Duration budget) {
    shutdown(TaskState.KILLED, Cause.KILLED, "Instructed to kill task.", budget, true);
  }

  /**
   * Kill with signals only, skipping the HTTP lifecycle: for when the executor itself must be gone soon (Mesos
   * SHUTDOWN within its grace period, SIGTERM to the executor, the agent lost).
   */
  public void killNow(Duration budget) {
    shutdown(TaskState.KILLED, Cause.KILLED, "Instructed to kill task.", budget, false);
  }

  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Null until the task ended. */
  public TaskOutcome outcome() {
    return outcome;
  }

  /** Every process group the task created. */
  public Set<Long> processGroups() {
    TaskRunner r;
    synchronized (this) {
      r = runner;
    }
    return r == null ? Set.of() : r.processGroups();
  }

  private HealthCheck healthCheck(HealthCheckConfig config, ProcessLauncher launcher, RoleUser user) {
    var checker = config.healthChecker();
    Duration timeout = seconds(config.timeoutSecs());
    if (checker.shell() != null) {
      return new ShellHealthCheck(checker.shell().shellCommand(), sandbox, launcher.baseEnvironment(), timeout,
          user);
    }
    Integer port = assigned.ports().get("health");
    if (port == null) {
      return null;
    }
    HttpHealthChecker http = checker.http() != null ? checker.http() : HttpHealthChecker.DEFAULT;
    return new HttpHealthCheck(port, http, timeout);
  }

  private synchronized void reportRunning(String message) {
    if (!runningReported && !shuttingDown && outcome == null) {
      runningReported = true;
      observer.taskRunning(message);
    }
  }

  private void checkDisk(long limit) {
    long used = DiskUsage.of(sandbox);
    if (used > limit) {
      shutdown(TaskState.FAILED, Cause.DISK_LIMIT,
          "Disk limit exceeded.  Reserved " + limit + " bytes vs used " + used + " bytes.");
    }
  }

  private void shutdown(TaskState state, Cause cause, String message) {
    shutdown(state, cause, message, settings.killWait(), true);
  }

  private void shutdown(TaskState state, Cause cause, String message, Duration budget, boolean graceful) {
    synchronized (this) {
      if (shuttingDown || outcome != null || runner == null) {
        return;
      }
      shuttingDown = true;
    }
    Thread thread = new Thread(() -> {
      stopChecks();
      leaveServerSet();
      HttpLifecycleConfig lifecycle = assigned.job().lifecycle() == null ? null : assigned.job().lifecycle().http();
      Integer port = lifecycle == null || !graceful ? null : assigned.ports().get(lifecycle.port());
      if (port != null) {
        new GracefulShutdown(port, lifecycle).run(this::runnerEndsWithin);
      }
      runner.kill(budget, state);
      runnerEndsWithin(budget.plusSeconds(30));
      end(new TaskOutcome(state, cause, message));
    }, "task-shutdown");
    thread.start();
  }

  private boolean runnerEndsWithin(Duration timeout) {
    try {
      return runner.awaitTerminal(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Aurora stopped the announcer with the other status checkers, before the runner. */
  private void leaveServerSet() {
    ServerSetMembership m;
    synchronized (this) {
      m = membership;
      membership = null;
    }
    if (m != null) {
      m.leave();
    }
  }

  private void stopChecks() {
    if (health != null) {
      health.stop();
    }
    checks.shutdownNow();
  }

  private void end(TaskOutcome result) {
    synchronized (this) {
      if (outcome != null) {
        return;
      }
      outcome = result;
    }
    stopChecks();
    leaveServerSet();
    observer.taskEnded(result);
    ended.countDown();
  }

  private static Duration seconds(double secs) {
    return Duration.ofNanos((long) (secs * 1e9));
  }

  private final class RunnerListener implements TaskRunner.Listener {
    @Override
    public void processTransition(ProcessTransition transition) {
      observer.processTransition(transition);
    }

    @Override
    public void taskTransition(TaskState state, String message) {
      if (!state.terminal()) {
        observer.runnerTransition(state);
        if (state == TaskState.ACTIVE && assumeHealthy) {
          reportRunning("No health-check defined, task is assumed healthy.");
        }
        return;
      }
      synchronized (TaskSupervisor.this) {
        if (shuttingDown) {
          return; // the shutdown thread reports the checker's verdict
        }
      }
      end(new TaskOutcome(state, state == TaskState.SUCCESS || state == TaskState.FAILED ? Cause.COMPLETED
          : Cause.EXECUTOR_ERROR, message));
    }
  }
}
