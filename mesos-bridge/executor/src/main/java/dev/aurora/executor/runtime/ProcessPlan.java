package dev.aurora.executor.runtime;

import dev.aurora.executor.task.OrderGraph;
import dev.aurora.executor.task.ProcessConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thermos' planner for one set of processes (the regular ones, or the final ones): which process may start now
 * and what a run's end means for it (AURORA.md §6.2, §6.3). It keeps no clock: callers pass {@code System.nanoTime}.
 */
final class ProcessPlan {
  /** Aurora's {@code CappedTaskPlanner.TOTAL_RUN_LIMIT}: after this many runs a process is failed. */
  static final int TOTAL_RUN_LIMIT = 100;

  enum Status { WAITING, RUNNING, FINISHED, FAILED }

  /** How a run ended, as far as restart rules care. */
  enum Outcome { SUCCESS, FAILURE, LOSS }

  static final class Entry {
    final ProcessConfig config;
    Status status = Status.WAITING;
    int successes;
    int failures;
    int losses;
    long lastEndNanos;
    boolean everEnded;

    Entry(ProcessConfig config) {
      this.config = config;
    }

    int runs() {
      return successes + failures + losses;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final OrderGraph graph;
  private final int maxConcurrency;

  ProcessPlan(Collection<ProcessConfig> processes, OrderGraph graph, int maxConcurrency) {
    processes.forEach(p -> entries.put(p.name(), new Entry(p)));
    this.graph = graph;
    this.maxConcurrency = maxConcurrency;
  }

  Entry entry(String name) {
    return entries.get(name);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Processes that may start now: waiting, predecessors finished, past min_duration, within max_concurrency. */
  List<ProcessConfig> runnable(long now) {
    List<ProcessConfig> result = new ArrayList<>();
    long running = entries.values().stream().filter(e -> e.status == Status.RUNNING).count();
    for (Entry e : entries.values()) {
      if (maxConcurrency > 0 && running + result.size() >= maxConcurrency) {
        break;
      }
      if (unblocked(e) && waitNanos(e, now) <= 0) {
        result.add(e.config);
      }
    }
    return result;
  }

  /** Nanoseconds until a waiting, unblocked process passes its min_duration; Long.MAX_VALUE if none. */
  long nanosUntilNextRunnable(long now) {
    long best = Long.MAX_VALUE;
    for (Entry e : entries.values()) {
      if (unblocked(e)) {
        best = Math.min(best, Math.max(0, waitNanos(e, now)));
      }
    }
    return best;
  }

  void started(String name) {
    entries.get(name).status = Status.RUNNING;
  }

  /** Applies the restart rules to a finished run. */
  void ended(String name, Outcome outcome, long now) {
    Entry e = entries.get(name);
    e.lastEndNanos = now;
    e.everEnded = true;
    switch (outcome) {
      case SUCCESS -> e.successes++;
      case FAILURE -> e.failures++;
      case LOSS -> e.losses++;
    }
    if (e.runs() >= TOTAL_RUN_LIMIT) {
      e.status = Status.FAILED;
      return;
    }
    int maxFailures = e.config.maxFailures();
    e.status = switch (outcome) {
      case SUCCESS -> e.config.daemon() ? Status.WAITING : Status.FINISHED;
      case LOSS -> Status.WAITING;
      case FAILURE -> {
        if (maxFailures == 0 || e.failures < maxFailures) {
          yield Status.WAITING;
        }
        yield e.config.ephemeral() ? Status.FINISHED : Status.FAILED;
      }
    };
  }

  /** Every non-ephemeral process is finished or failed. */
  boolean complete() {
    return entries.values().stream()
        .filter(e -> !e.config.ephemeral())
        .allMatch(e -> e.status == Status.FINISHED || e.status == Status.FAILED);
  }

  /** Nothing runs and nothing can ever run again, yet the plan is not complete (a failed predecessor). */
  boolean deadlocked() {
    if (complete() || entries.values().stream().anyMatch(e -> e.status == Status.RUNNING)) {
      return false;
    }
    return entries.values().stream().noneMatch(this::unblocked);
  }

  int failedCount() {
    return (int) entries.values().stream().filter(e -> e.status == Status.FAILED).count();
  }

  private boolean unblocked(Entry e) {
    if (e.status != Status.WAITING) {
      return false;
    }
    for (String pred : graph.predecessorsOf(e.config.name())) {
      Entry p = entries.get(pred);
      if (p != null && p.status != Status.FINISHED) {
        return false;
      }
    }
    return true;
  }

  private static long waitNanos(Entry e, long now) {
    if (!e.everEnded) {
      return 0;
    }
    return e.lastEndNanos + e.config.minDuration() * 1_000_000_000L - now;
  }
}
