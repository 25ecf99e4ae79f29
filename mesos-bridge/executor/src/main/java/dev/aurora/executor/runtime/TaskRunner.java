package dev.aurora.executor.runtime;

import dev.aurora.executor.task.OrderGraph;
import dev.aurora.executor.task.ProcessConfig;
import dev.aurora.executor.task.TaskConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Thermos task to its end (AURORA.md §6.4) on a single thread: the ACTIVE loop forks whatever the regular
 * plan allows and applies restart rules as runs end; CLEANING sends SIGTERM to every process group and waits while
 * any member lives; FINALIZING sends SIGKILL and runs the final processes; the terminal step SIGKILLs every group
 * the task ever created and waits until the process table shows none of them, so nothing outlives the task.
 */
public final class TaskRunner {
  /** Receives every process and task transition, on the runner thread. */
  public interface Listener {
    void processTransition(ProcessTransition transition);

    void taskTransition(TaskState state, String message);
  }

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration REAP_LIMIT = Duration.ofSeconds(10);

  private sealed interface Event permits Exited, Kill {}

  private record Exited(ProcessLauncher.Run run, int exitCode) implements Event {}

  private record Kill(Duration budget, TaskState terminal) implements Event {}

  private final TaskConfig task;
  private final ProcessLauncher launcher;
  private final Listener listener;
  private final ProcessPlan regular;
  private final ProcessPlan finals;
  private final LinkedBlockingQueue<Event> inbox = new LinkedBlockingQueue<>();
  private final Map<String, ProcessLauncher.Run> running = new HashMap<>();
  private final Set<Long> groups = ConcurrentHashMap.newKeySet();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Thread thread;
  private volatile TaskState state = TaskState.ACTIVE;
  private String terminalMessage;
  private Kill pendingKill;
  /** System.nanoTime() by which teardown must be over; set when CLEANING starts, shortened by a later kill. */
  private long deadline;

  public TaskRunner(TaskConfig task, ProcessLauncher launcher, Listener listener) {
    this.task = task;
    this.launcher = launcher;
    this.listener = listener;
    OrderGraph graph = OrderGraph.of(task);
    this.regular = new ProcessPlan(task.processes().stream().filter(p -> !p.isFinal()).toList(), graph,
        task.maxConcurrency());
    this.finals = new ProcessPlan(task.processes().stream().filter(ProcessConfig::isFinal).toList(), graph,
        task.maxConcurrency());
    this.thread = new Thread(this::run, "task-runner");
  }

  public void start() {
    thread.start();
  }

  /**
   * Ends the task: teardown starts now with a hard deadline of {@code budget} that replaces finalization_wait;
   * the terminal state becomes {@code terminal} unless the task already completed on its own.
   */
  public void kill(Duration budget, TaskState terminal) {
    inbox.add(new Kill(budget, terminal));
  }

  /** Every process group this task has created so far. */
  public Set<Long> processGroups() {
    return Set.copyOf(groups);
  }

  public boolean awaitTerminal(Duration timeout) throws InterruptedException {
    return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void run() {
    TaskState terminal;
    try {
      transition(TaskState.ACTIVE, null);
      terminal = active();
      deadline = System.nanoTime() + (pendingKill != null ? pendingKill.budget : Duration.ofSeconds(
          task.finalizationWait())).toNanos();
      transition(TaskState.CLEANING, null);
      if (cleaning() && !finals.isEmpty()) {
        transition(TaskState.FINALIZING, null);
        ProcessGroups.signal(groups, true);
        finalizing();
      }
    } catch (RuntimeException | Error e) {
      terminal = TaskState.LOST;
      terminalMessage = "Task runner failed: " + e;
    }
    reapEverything();
    state = terminal;
    listener.taskTransition(terminal, terminalMessage);
    done.countDown();
  }

  /** The ACTIVE loop; returns the terminal state the task is heading for. */
  private TaskState active() {
    while (true) {
      drain();
      if (pendingKill != null) {
        terminalMessage = "Killed";
        return pendingKill.terminal;
      }
      boolean healthy = !regular.deadlocked()
          && (task.maxFailures() == 0 || regular.failedCount() < task.maxFailures());
      if (!healthy || regular.complete()) {
        if (!healthy) {
          terminalMessage = regular.deadlocked()
              ? "Task deadlocked: processes wait on failed predecessors"
              : "Task failed: " + regular.failedCount() + " failed process(es), max_failures="
                  + task.maxFailures();
          return TaskState.FAILED;
        }
        terminalMessage = "Task finished successfully";
        return TaskState.SUCCESS;
      }
      if (!launchRunnable(regular)) {
        waitForEvent(regular.nanosUntilNextRunnable(System.nanoTime()));
      }
    }
  }

  /** SIGTERM to every group, then wait while any member lives; false if the deadline passed. */
  private boolean cleaning() {
    ProcessGroups.signal(groups, false);
    while (!ProcessGroups.members(groups).isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      waitForEvent(Math.min(left, POLL_NANOS));
    }
    drain();
    return System.nanoTime() < deadline;
  }

  /** Runs the final plan until it is complete, deadlocked or out of time. */
  private void finalizing() {
    while (System.nanoTime() < deadline) {
      drain();
      if (finals.complete() || finals.deadlocked()) {
        return;
      }
      if (!launchRunnable(finals)) {
        long wait = Math.min(finals.nanosUntilNextRunnable(System.nanoTime()), deadline - System.nanoTime());
        waitForEvent(Math.max(wait, 0));
      }
    }
  }

  private boolean launchRunnable(ProcessPlan plan) {
    List<ProcessConfig> runnable = plan.runnable(System.nanoTime());
    for (ProcessConfig config : runnable) {
      ProcessPlan.Entry entry = plan.entry(config.name());
      int run = entry.runs();
      try {
        ProcessLauncher.Run launched = launcher.launch(config, run);
        groups.add(launched.pid());
        running.put(config.name(), launched);
        plan.started(config.name());
        emit(config.name(), run, ProcessState.RUNNING, launched.pid(), null, null);
        launched.handle().onExit().thenAccept(p -> inbox.add(new Exited(launched, p.exitValue())));
      } catch (IOException | RuntimeException e) {
        plan.ended(config.name(), ProcessPlan.Outcome.FAILURE, System.nanoTime());
        emit(config.name(), run, ProcessState.FAILED, 0, null, "Failed to fork: " + e.getMessage());
      }
    }
    return !runnable.isEmpty();
  }

  private void waitForEvent(long nanos) {
    try {
      Event event = inbox.poll(Math.min(nanos, TimeUnit.HOURS.toNanos(1)), TimeUnit.NANOSECONDS);
      if (event != null) {
        handle(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("task runner interrupted", e);
    }
  }

  private void drain() {
    for (Event event = inbox.poll(); event != null; event = inbox.poll()) {
      handle(event);
    }
  }

  private void handle(Event event) {
    if (event instanceof Kill kill) {
      if (pendingKill == null) {
        pendingKill = kill;
      }
      if (state != TaskState.ACTIVE) {
        deadline = Math.min(deadline, System.nanoTime() + kill.budget.toNanos());
      }
      return;
    }
    Exited exited = (Exited) event;
    ProcessLauncher.Run run = exited.run;
    running.remove(run.process());
    int rc = exited.exitCode;
    if (state != TaskState.ACTIVE && regular.entry(run.process()) != null) {
      // Ended by the teardown: Thermos records such runs as KILLED whatever their status.
      regular.ended(run.process(), ProcessPlan.Outcome.LOSS, System.nanoTime());
      emit(run.process(), run.run(), ProcessState.KILLED, run.pid(), rc, "killed by task teardown");
      return;
    }
    ProcessPlan owner = regular.entry(run.process()) != null ? regular : finals;
    if (rc == 0) {
      owner.ended(run.process(), ProcessPlan.Outcome.SUCCESS, System.nanoTime());
      emit(run.process(), run.run(), ProcessState.SUCCESS, run.pid(), rc, null);
    } else if (diedOfSignal(rc)) {
      owner.ended(run.process(), ProcessPlan.Outcome.LOSS, System.nanoTime());
      emit(run.process(), run.run(), ProcessState.KILLED, run.pid(), rc, "killed by signal " + (rc - 128));
    } else {
      owner.ended(run.process(), ProcessPlan.Outcome.FAILURE, System.nanoTime());
      emit(run.process(), run.run(), ProcessState.FAILED, run.pid(), rc, null);
    }
  }

  /**
   * The JVM reports a shell killed by signal n as status 128+n, the same number bash uses when its last command
   * died of n; both count as a loss by signal, which Thermos does not charge against max_failures.
   */
  static boolean diedOfSignal(int rc) {
    return rc > 128 && rc <= 128 + 64;
  }

  /** SIGKILL every group until none has a live member, then record the runs that were still going. */
  private void reapEverything() {
    ProcessGroups.killAll(groups, REAP_LIMIT);
    for (ProcessLauncher.Run run : new ArrayList<>(running.values())) {
      Integer rc = null;
      try {
        if (!run.handle().waitFor(1, TimeUnit.SECONDS)) {
          run.handle().destroyForcibly(); // left its group somehow: kill it by pid
          run.handle().waitFor(1, TimeUnit.SECONDS);
        }
        rc = run.handle().isAlive() ? null : run.handle().exitValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      emit(run.process(), run.run(), ProcessState.KILLED, run.pid(), rc, "killed by task teardown");
    }
    running.clear();
  }

  private void transition(TaskState next, String message) {
    state = next;
    listener.taskTransition(next, message);
  }

  private void emit(String process, int run, ProcessState s, long pid, Integer rc, String message) {
    listener.processTransition(new ProcessTransition(Instant.now(), process, run, s, pid, rc, message));
  }

}
