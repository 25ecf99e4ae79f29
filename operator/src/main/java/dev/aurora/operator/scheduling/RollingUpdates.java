package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.UpdateSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rolling updates and their rollback, as Aurora's scheduler ran them (AURORA.md §7.3): instances move to their target
 * config (no target: the instance goes away) in order, at most {@code batch_size} at a time (queue) or group by group
 * ({@code wait_for_batch_completion}, batch strategies); an instance succeeds once its new task has been RUNNING for
 * {@code watch_secs} (a batch job's task may also just finish), and fails after more than
 * {@code max_per_shard_failures} failed tasks; more than {@code max_total_failures} failed instances fail the update,
 * which then rolls every touched instance back (in reverse order) if {@code rollback_on_failure}.
 */
final class RollingUpdates {
  private RollingUpdates() {
  }

  /** Whether the job's instances differ from its target (count or config). */
  static boolean needed(Step s) {
    int desired = s.target.spec().instances();
    if (s.instances.size() != desired || s.instances.lastId() >= desired) {
      return true;
    }
    for (InstanceRecord instance : s.instances) {
      if (!s.target.hash().equals(instance.config()) && !s.killed(instance.id())) {
        return true;
      }
    }
    return false;
  }

  /** Starts the update to the target: creates first, then replacements, then removals, each by ascending id. */
  static void start(Step s) {
    String to = s.target.hash();
    int desired = s.target.spec().instances();
    List<Integer> order = new ArrayList<>();
    Map<Integer, String> targets = new TreeMap<>();
    Map<Integer, String> originals = new TreeMap<>();
    for (int id = 0; id < desired; id++) {
      if (!s.instances.contains(id) && !s.killed(id)) {
        order.add(id);
        targets.put(id, to);
      }
    }
    String from = null;
    for (InstanceRecord instance : s.instances) {
      originals.put(instance.id(), instance.config());
      if (instance.id() < desired && !to.equals(instance.config()) && !s.killed(instance.id())) {
        order.add(instance.id());
        targets.put(instance.id(), to);
        from = from == null ? instance.config() : from;
      }
    }
    for (InstanceRecord instance : s.instances) {
      if (instance.id() >= desired) {
        order.add(instance.id());
      }
    }
    s.update = UpdateRecord.start(false, from, to, settings(s), order, targets, originals, s.ctx.now());
    s.notice("UpdateStarted", "rolling update of " + order.size() + " instance(s) to " + abbreviate(to));
  }

  /** Moves the update on: fills free slots, checks each instance in flight, ends the update when all are done. */
  static void step(Step s) {
    if (s.update == null || !s.update.inProgress() || UpdateHolds.held(s)) {
      return;
    }
    // Instances that finish free their slot for the next ones within the same step.
    while (true) {
      int started = s.update.started();
      int settled = s.update.updated().size() + s.update.failed().size();
      fill(s);
      for (Integer id : List.copyOf(s.update.inFlight())) {
        progress(s, id);
        if (!s.update.inProgress()) {
          return; // failed (and possibly replaced by its rollback) while stepping
        }
      }
      if (s.update.started() == started && s.update.updated().size() + s.update.failed().size() == settled) {
        break;
      }
    }
    UpdateRecord u = s.update;
    if (u.started() == u.order().size() && u.inFlight().isEmpty()) {
      finish(s, u.rollback() ? UpdateState.ROLLED_BACK : UpdateState.ROLLED_FORWARD,
          u.updated().size() + " of " + u.order().size() + " instances updated");
    }
  }

  /** A task of an instance the update drives ended; a failed attempt on the target config counts against it. */
  static void onTerminal(Step s, InstanceRecord instance, TaskRecord task) {
    UpdateRecord u = s.update;
    String want = u.targetOf(instance.id());
    if (want == null || !task.runs(want) || task.killRequested()) {
      return; // the old task we replaced, or one we killed
    }
    if (task.state() == TaskState.FINISHED && !s.configOf(instance).spec().service()) {
      return; // a batch instance that simply completed: progress() counts it
    }
    Map<Integer, Integer> taskFailures = new HashMap<>(u.taskFailures());
    int failures = taskFailures.merge(instance.id(), 1, Integer::sum);
    if (failures <= u.settings().maxPerShardFailures()) {
      s.update = u.with(u.started(), u.inFlight(), u.updated(), u.failed(), taskFailures, u.batches());
      return;
    }
    SortedSet<Integer> inFlight = new TreeSet<>(u.inFlight());
    inFlight.remove(instance.id());
    SortedSet<Integer> failed = new TreeSet<>(u.failed());
    failed.add(instance.id());
    s.update = u.with(u.started(), inFlight, u.updated(), failed, taskFailures, u.batches());
    if (failed.size() > u.settings().maxTotalFailures()) {
      fail(s, failed.size() + " instance(s) failed (max_total_failures " + u.settings().maxTotalFailures() + "): "
          + failed);
    } else {
      Rescheduling.reschedule(s, instance, task); // the update gave up on the instance; the usual rules keep it running
    }
  }

  /** Ends the update in flight without rolling anything back (a newer spec, a deletion). */
  static void abort(Step s, String why) {
    if (s.update != null && s.update.inProgress()) {
      s.update = s.update.finished(UpdateState.ABORTED, s.ctx.now(), why);
      end(s);
    }
  }

  /** Files the update that ended as the last one; instances it left without a live task go back to the usual rules. */
  static void end(Step s) {
    UpdateRecord ended = s.update;
    s.update = null;
    s.lastUpdate = ended;
    s.notice("Update" + ended.state(), ended.message());
    for (Integer id : ended.order()) {
      InstanceRecord instance = s.instance(id);
      if (instance != null && instance.task() != null && !instance.task().active() && instance.relaunchAt() == null
          && !instance.task().killRequested()) {
        Rescheduling.reschedule(s, instance, instance.task());
      }
    }
    s.pruneConfigs();
  }

  private static void fill(Step s) {
    UpdateRecord u = s.update;
    if (u.state() != UpdateState.ROLLING_FORWARD && u.state() != UpdateState.ROLLING_BACK) {
      return; // paused itself at this barrier within the step
    }
    UpdateSpec settings = u.settings();
    boolean grouped = settings.waitForBatchCompletion() || (settings.strategy() != null
        && settings.strategy().kind() != UpdateSpec.Kind.QUEUE);
    int started = u.started();
    int batches = u.batches();
    SortedSet<Integer> inFlight = new TreeSet<>(u.inFlight());
    if (grouped) {
      if (!inFlight.isEmpty() || started == u.order().size()) {
        return;
      }
      if (UpdateHolds.pausesAfterBatch(u)) {
        UpdateHolds.autoPause(s);
        return;
      }
      int size = batchSize(settings, batches++);
      for (int i = 0; i < size && started < u.order().size(); i++) {
        inFlight.add(u.order().get(started++));
      }
    } else {
      int size = batchSize(settings, 0);
      while (inFlight.size() < size && started < u.order().size()) {
        inFlight.add(u.order().get(started++));
      }
    }
    if (started != u.started()) {
      s.update = u.with(started, inFlight, u.updated(), u.failed(), u.taskFailures(), batches);
    }
  }

  private static int batchSize(UpdateSpec settings, int batch) {
    UpdateSpec.Strategy strategy = settings.strategy();
    if (strategy == null || strategy.batchSizes().isEmpty()) {
      return Math.max(1, settings.batchSize());
    }
    List<Integer> sizes = strategy.batchSizes();
    return Math.max(1, sizes.get(Math.min(batch, sizes.size() - 1)));
  }

  private static void progress(Step s, int id) {
    String want = s.update.targetOf(id);
    InstanceRecord instance = s.instance(id);
    if (want == null) {
      if (instance == null) {
        succeed(s, id);
      } else if (instance.hasActiveTask()) {
        SlaAwareKill.kill(s, instance, instance.task());
      } else {
        s.remove(id);
        succeed(s, id);
      }
      return;
    }
    if (instance == null) {
      instance = InstanceRecord.fresh(id, want, 0);
      s.put(instance);
    }
    if (s.killed(id)) {
      // Killed on request while the update ran: it stays down, and comes back on the config the update moved to.
      InstanceControls.keepDown(s, instance.withConfig(want));
      if (!s.instance(id).hasActiveTask()) {
        succeed(s, id);
      }
      return;
    }
    TaskRecord task = instance.task();
    if (task != null && task.active() && !task.runs(want)) {
      SlaAwareKill.kill(s, instance, task); // the old config goes first; the new task starts once it is gone
      return;
    }
    boolean service = s.configs.getOrDefault(want, s.target).spec().service();
    boolean completed = task != null && task.runs(want) && task.state() == TaskState.FINISHED && !service;
    if (task == null || !task.runs(want) || (task.state().isTerminal() && !completed)) {
      SlaAwareKill.forget(s, id);
      JobMachine.launchNow(s, instance.withConfig(want));
      return;
    }
    Duration watch = Duration.ofSeconds(s.update.settings().watchSecs());
    if (completed || (task.state() == TaskState.RUNNING && !s.ctx.now().isBefore(task.since().plus(watch)))) {
      succeed(s, id);
    }
  }

  private static void succeed(Step s, int id) {
    SlaAwareKill.forget(s, id);
    UpdateRecord u = s.update;
    SortedSet<Integer> inFlight = new TreeSet<>(u.inFlight());
    inFlight.remove(id);
    SortedSet<Integer> updated = new TreeSet<>(u.updated());
    updated.add(id);
    s.update = u.with(u.started(), inFlight, updated, u.failed(), u.taskFailures(), u.batches());
  }

  private static void finish(Step s, UpdateState end, String why) {
    s.update = s.update.finished(end, s.ctx.now(), why);
  }

  private static void fail(Step s, String why) {
    UpdateRecord failed = s.update;
    finish(s, UpdateState.FAILED, why);
    if (!failed.rollback() && failed.settings().rollbackOnFailure()) {
      rollBack(s, s.update, why);
    }
  }

  /** The forward update failed and asks to roll back: every instance it touched returns to its old config. */
  private static void rollBack(Step s, UpdateRecord failed, String why) {
    List<Integer> order = new ArrayList<>();
    Map<Integer, String> targets = new LinkedHashMap<>();
    for (Integer id : touchedInReverse(failed)) {
      order.add(id);
      String original = failed.originals().get(id);
      if (original != null) {
        targets.put(id, original);
      }
    }
    s.lastUpdate = failed;
    s.notice("UpdateFAILED", why);
    s.update = UpdateRecord.start(true, failed.toConfig(), failed.fromConfig(), failed.settings(), order, targets,
        Map.of(), s.ctx.now());
    s.warning("UpdateRollingBack", "rolling back " + order.size() + " instance(s): " + why);
  }

  /** Instances the update touched (started, done or failed), in the order a rollback undoes them (reverse). */
  private static List<Integer> touchedInReverse(UpdateRecord u) {
    List<Integer> touched = new ArrayList<>(u.order().subList(0, u.started()));
    Collections.reverse(touched);
    return touched;
  }

  private static UpdateSpec settings(Step s) {
    UpdateSpec settings = s.target.spec().update();
    return settings != null ? settings : new UpdateSpec(1, 45, 0, 0, true, false, null, false, null);
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
