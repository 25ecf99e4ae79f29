package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.UpdateSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One rolling update (or its rollback) of a job, as Aurora's scheduler ran them (AURORA.md §7.3): instances move to
 * their target config (null target: the instance goes away) in order, at most {@code batch_size} at a time (queue) or
 * group by group ({@code wait_for_batch_completion}, batch strategies); an instance succeeds once its new task has been
 * RUNNING for {@code watch_secs} (a batch job's task may also just finish), and fails after more than
 * {@code max_per_shard_failures} failed tasks; more than {@code max_total_failures} failed instances fail the update,
 * which then rolls back if {@code rollback_on_failure}.
 */
final class RollingUpdate {
  private final JobRuntime job;
  final boolean rollback;
  final String fromConfig;
  final String toConfig;
  private final UpdateSpec settings;
  /** Instance id to the config it must end on; null means the instance is removed. Iteration order = update order. */
  final Map<Integer, String> targets;
  /** Instance id to the config it ran before the update (null: it did not exist): what a rollback returns to. */
  final Map<Integer, String> originals;
  private final Deque<Integer> pending;
  private final Set<Integer> inFlight = new TreeSet<>();
  final Set<Integer> updated = new TreeSet<>();
  final Set<Integer> failed = new TreeSet<>();
  private final Map<Integer, Integer> taskFailures = new HashMap<>();
  private final Instant startedAt;
  private int batches;
  UpdateState state;
  private Instant finishedAt;
  private String message = "";

  RollingUpdate(JobRuntime job, boolean rollback, String fromConfig, String toConfig, UpdateSpec settings,
                Map<Integer, String> targets, Map<Integer, String> originals, Instant now) {
    this.job = job;
    this.rollback = rollback;
    this.fromConfig = fromConfig;
    this.toConfig = toConfig;
    this.settings = settings;
    this.targets = new LinkedHashMap<>(targets);
    this.originals = new HashMap<>(originals);
    this.pending = new ArrayDeque<>(targets.keySet());
    this.startedAt = now;
    this.state = rollback ? UpdateState.ROLLING_BACK : UpdateState.ROLLING_FORWARD;
  }

  boolean controls(int instanceId) {
    return state.inFlight() && inFlight.contains(instanceId);
  }

  void step(Instant now) {
    if (!state.inFlight()) {
      return;
    }
    fill();
    for (Integer id : List.copyOf(inFlight)) {
      progress(id, now);
      if (!state.inFlight()) {
        return; // failed (and possibly replaced by its rollback) while stepping
      }
    }
    if (pending.isEmpty() && inFlight.isEmpty()) {
      finish(rollback ? UpdateState.ROLLED_BACK : UpdateState.ROLLED_FORWARD, now,
          updated.size() + " of " + targets.size() + " instances updated");
    }
  }

  /** A task of a controlled instance ended; a failed attempt on the target config counts against the instance. */
  void onTerminal(InstanceSlot slot, TaskRecord task, Instant now) {
    String want = targets.get(slot.id);
    if (want == null || !task.runs(want) || task.killRequested) {
      return; // the old task we replaced, or one we killed
    }
    if (task.state == TaskState.FINISHED && !job.service()) {
      return; // a batch instance that simply completed: progress() counts it
    }
    int failures = taskFailures.merge(slot.id, 1, Integer::sum);
    if (failures > settings.maxPerShardFailures()) {
      inFlight.remove(slot.id);
      failed.add(slot.id);
      job.markDirty();
      if (failed.size() > settings.maxTotalFailures()) {
        fail(now, failed.size() + " instance(s) failed (max_total_failures " + settings.maxTotalFailures() + "): "
            + failed);
      } else {
        job.reschedule(slot, task, now); // the update gave up on the instance; the usual rules keep it running
      }
    }
  }

  private void fill() {
    boolean grouped = settings.waitForBatchCompletion() || (settings.strategy() != null
        && settings.strategy().kind() != UpdateSpec.Kind.QUEUE);
    if (grouped) {
      if (!inFlight.isEmpty()) {
        return;
      }
      int size = batchSize(batches++);
      for (int i = 0; i < size && !pending.isEmpty(); i++) {
        inFlight.add(pending.poll());
      }
    } else {
      int size = batchSize(0);
      while (inFlight.size() < size && !pending.isEmpty()) {
        inFlight.add(pending.poll());
      }
    }
  }

  private int batchSize(int batch) {
    UpdateSpec.Strategy strategy = settings.strategy();
    if (strategy == null || strategy.batchSizes().isEmpty()) {
      return Math.max(1, settings.batchSize());
    }
    List<Integer> sizes = strategy.batchSizes();
    return Math.max(1, sizes.get(Math.min(batch, sizes.size() - 1)));
  }

  private void progress(int id, Instant now) {
    String want = targets.get(id);
    InstanceSlot slot = job.slots.get(id);
    if (want == null) {
      if (slot == null) {
        succeed(id);
      } else if (slot.hasActiveTask()) {
        job.killTask(slot.task);
      } else {
        job.slots.remove(id);
        succeed(id);
      }
      return;
    }
    if (slot == null) {
      slot = job.newSlot(id, want);
    }
    TaskRecord task = slot.task;
    if (task != null && task.active() && !task.runs(want)) {
      job.killTask(task); // the old config goes first; the new task starts once it is gone
      return;
    }
    boolean completed = task != null && task.runs(want) && task.state == TaskState.FINISHED && !job.service();
    if (task == null || !task.runs(want) || (task.state.isTerminal() && !completed)) {
      slot.configHash = want;
      job.launchNow(slot);
      return;
    }
    Duration watch = Duration.ofSeconds(settings.watchSecs());
    if (completed || (task.state == TaskState.RUNNING && !now.isBefore(task.since.plus(watch)))) {
      succeed(id);
    }
  }

  private void succeed(int id) {
    inFlight.remove(id);
    updated.add(id);
    job.markDirty();
  }

  private void fail(Instant now, String why) {
    finish(UpdateState.FAILED, now, why);
    if (!rollback && settings.rollbackOnFailure()) {
      job.rollBack(this, now, why);
    }
  }

  void abort(Instant now, String why) {
    if (state.inFlight()) {
      finish(UpdateState.ABORTED, now, why);
    }
  }

  private void finish(UpdateState end, Instant now, String why) {
    state = end;
    finishedAt = end.inFlight() ? null : now;
    message = why;
    inFlight.clear();
    job.markDirty();
  }

  /** Instances this update touched, in the order a rollback undoes them (reverse). */
  List<Integer> touchedInReverse() {
    List<Integer> touched = new ArrayList<>();
    for (Integer id : targets.keySet()) {
      if (updated.contains(id) || failed.contains(id) || !pending.contains(id)) {
        touched.add(id);
      }
    }
    Collections.reverse(touched);
    return touched;
  }

  UpdateSpec settings() {
    return settings;
  }

  UpdateView view() {
    return new UpdateView(state, fromConfig, toConfig, updated.size(), targets.size(), List.copyOf(failed),
        startedAt, finishedAt, message);
  }
}
