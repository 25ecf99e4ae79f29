package dev.aurora.executor.testing;

import dev.aurora.executor.runtime.ProcessState;
import dev.aurora.executor.runtime.ProcessTransition;
import dev.aurora.executor.supervisor.TaskObserver;
import dev.aurora.executor.supervisor.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Collects what a supervised task reports, and lets a test wait for a condition with a deadline. */
public final class RecordingObserver implements TaskObserver {
  private final List<ProcessTransition> transitions = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private TaskOutcome outcome;

  @Override
  public synchronized void processTransition(ProcessTransition t) {
    transitions.add(t);
    events.add(t.process() + " " + t.state());
    notifyAll();
  }

  @Override
  public synchronized void taskRunning(String message) {
    events.add("task RUNNING");
    notifyAll();
  }

  @Override
  public synchronized void taskEnded(TaskOutcome result) {
    outcome = result;
    events.add("task " + result.state());
    notifyAll();
  }

  public synchronized List<ProcessTransition> transitions() {
    return List.copyOf(transitions);
  }

  /** Process transitions as "name STATE" plus "task RUNNING" / "task <terminal>", in order. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  public synchronized TaskOutcome outcome() {
    return outcome;
  }

  public synchronized List<ProcessTransition> of(String process, ProcessState state) {
    return transitions.stream().filter(t -> t.process().equals(process) && t.state() == state).toList();
  }

  public synchronized long pidOf(String process) {
    return transitions.stream().filter(t -> t.process().equals(process) && t.state() == ProcessState.RUNNING)
        .mapToLong(ProcessTransition::pid).reduce((a, b) -> b).orElseThrow();
  }

  /** Waits until {@code condition} holds (re-checked on every report and every 50 ms), failing after {@code limit}. */
  public void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (this) {
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out after " + limit + " waiting for " + what + "; saw " + events);
        }
        wait(Math.min(50, Math.max(1, left / 1_000_000)));
      }
    }
  }

  public TaskOutcome awaitEnd(Duration limit) throws InterruptedException {
    await("the task to end", limit, () -> outcome != null);
    return outcome();
  }
}
