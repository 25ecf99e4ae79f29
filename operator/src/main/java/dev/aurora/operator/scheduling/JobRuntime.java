package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One AuroraJob's instances as the scheduling core drives them: Aurora's rescheduling rules (§7.2), rolling updates
 * (§7.3, {@link RollingUpdate}) and cron runs (§7.4). Touched only on the core's loop thread.
 */
final class JobRuntime {
  final JobRef ref;
  private final SchedulingCore core;
  JobConfig target;
  /** Configs instances may run: the target, and those instances still run or a rollback returns to. */
  private final Map<String, JobConfig> configs = new HashMap<>();
  final TreeMap<Integer, InstanceSlot> slots = new TreeMap<>();
  /** Tasks being killed that no instance owns any more (duplicates found on adoption, a renamed job's tasks). */
  final Map<String, TaskRecord> retiring = new LinkedHashMap<>();
  RollingUpdate update;
  private UpdateView lastUpdate;
  /** An update to this config failed or rolled back; it is not tried again until the spec changes. */
  private String blockedConfig;
  /** Failure counts the status recorded before a restart, by instance: a new slot continues counting from there. */
  private final Map<Integer, Integer> priorFailures = new HashMap<>();
  private CronTrigger cron;
  private boolean cronRunWaiting;
  boolean deleting;
  private boolean dirty = true;

  JobRuntime(JobRef ref, SchedulingCore core) {
    this.ref = ref;
    this.core = core;
  }

  // ---- desired state ------------------------------------------------------------------------------------------

  void apply(JobConfig config, Instant now) {
    if (target != null && target.hash().equals(config.hash())
        && target.spec().contentHash().equals(config.spec().contentHash())) {
      return;
    }
    target = config;
    configs.put(config.hash(), config);
    JobSpec.Cron schedule = config.spec().cron();
    if (schedule == null) {
      cron = null;
      cronRunWaiting = false;
    } else if (cron == null || !cron.schedule.equals(schedule.schedule())) {
      cron = new CronTrigger(schedule.schedule(), ZoneId.of(core.settings().cronTimeZone()), now);
    }
    if (update != null) {
      update.abort(now, "superseded by a newer spec");
      endUpdate();
    }
    blockedConfig = null;
    pruneConfigs();
    markDirty();
  }

  boolean service() {
    return target.spec().service();
  }

  private int desiredInstances() {
    if (target.hash().equals(blockedConfig)) {
      return slots.isEmpty() ? 0 : slots.lastKey() + 1; // rolled back or failed: the job stays as it ended
    }
    return target.spec().instances();
  }

  // ---- observed state -----------------------------------------------------------------------------------------

  /** Applies a status event of one of this job's tasks, and Aurora's rules when it ended the task. */
  void onStatus(TaskRecord task, TaskStatusEvent event, Instant now) {
    if (task.state.isTerminal()) {
      return; // at-least-once delivery and reconciliation repeat states; an ended task stays ended
    }
    if (event.host() != null) {
      task.host = event.host();
    }
    if (!event.ports().isEmpty()) {
      task.ports = event.ports();
    }
    if (!event.message().isEmpty()) {
      task.message = event.message();
    }
    if (event.state() != task.state) {
      task.state = event.state();
      task.since = now;
      markDirty();
    }
    if (task.state.isTerminal()) {
      onTerminal(task, now);
    }
  }

  private void onTerminal(TaskRecord task, Instant now) {
    InstanceSlot slot = slots.get(task.instanceId);
    if (slot == null || slot.task != task) {
      retiring.remove(task.taskId);
      return;
    }
    if (update != null && update.controls(slot.id)) {
      update.onTerminal(slot, task, now);
      return;
    }
    if (deleting) {
      return;
    }
    if (task.killRequested) {
      // We asked for it: whoever asked (update, cron, scale-down) decides what comes next. An instance that is still
      // wanted and that no update will reach (its update was superseded while the kill was under way) starts again.
      boolean handled = cron != null || slot.id >= desiredInstances()
          || (update != null && update.targets.containsKey(slot.id));
      if (!handled) {
        slot.relaunchAt = now;
        slot.throttled = false;
        markDirty();
      }
      return;
    }
    reschedule(slot, task, now);
  }

  /** Aurora's rescheduling rules (§7.2), with its flapping throttle. */
  void reschedule(InstanceSlot slot, TaskRecord task, Instant now) {
    JobSpec spec = configFor(slot).spec();
    if (task.state == TaskState.FINISHED && !spec.service()) {
      return; // a batch instance is done
    }
    if (task.state == TaskState.FAILED) {
      slot.failures++;
      int max = spec.maxTaskFailures();
      if (!spec.service() && max != -1 && slot.failures >= Math.max(1, max)) {
        return; // out of retries
      }
    }
    boolean flapped = Duration.between(task.launchedAt, now).compareTo(core.settings().flappingThreshold()) < 0;
    slot.flaps = flapped ? slot.flaps + 1 : 0;
    Duration penalty = core.flappingPenalty(slot.flaps);
    slot.relaunchAt = now.plus(penalty);
    slot.throttled = !penalty.isZero();
    markDirty();
  }

  /** A task the backend reported that this job's id scheme says is ours (after an operator restart). */
  void adopt(String taskId, ConfigTaskIds.Parsed parsed, TaskStatusEvent event, Instant now) {
    if (event.state().isTerminal()) {
      return;
    }
    String hash = configs.keySet().stream().filter(h -> h.startsWith(parsed.configPrefix())).findFirst()
        .orElse(parsed.configPrefix());
    TaskRecord task = new TaskRecord(taskId, parsed.instanceId(), hash, event.state(), now);
    task.host = event.host();
    task.ports = event.ports();
    task.message = event.message();
    // Only we ask for kills: a KILLING task was being killed by our predecessor, and its end is that kill's outcome.
    task.killRequested = event.state() == TaskState.KILLING;
    core.index(task, this);
    InstanceSlot slot = slots.containsKey(parsed.instanceId()) ? slots.get(parsed.instanceId())
        : newSlot(parsed.instanceId(), null);
    if (slot.hasActiveTask()) {
      // Two live tasks for one instance: keep the one on the target config (else the one already known).
      boolean newcomerWins = target != null && task.runs(target.hash()) && !slot.task.runs(target.hash());
      TaskRecord loser = newcomerWins ? slot.task : task;
      if (newcomerWins) {
        own(slot, task);
      }
      retiring.put(loser.taskId, loser);
      killTask(loser);
    } else {
      own(slot, task);
    }
    markDirty();
  }

  /**
   * What the status recorded under the current config (see {@link PriorRun}): failure counts, ended batch instances,
   * and whether the rollout to this config already failed.
   */
  void seed(PriorRun prior, Instant now) {
    for (PriorRun.PriorTask task : prior.tasks()) {
      priorFailures.put(task.instanceId(), task.failures());
      boolean ended = task.state() == TaskState.FINISHED || task.state() == TaskState.FAILED;
      if (ended && !service() && !slots.containsKey(task.instanceId())
          && task.instanceId() < target.spec().instances()) {
        InstanceSlot slot = newSlot(task.instanceId(), target.hash());
        slot.task = new TaskRecord(task.taskId(), task.instanceId(), target.hash(), task.state(), now);
      }
    }
    if (prior.updateFailed()) {
      blockedConfig = target.hash();
    }
    markDirty();
  }

  private void own(InstanceSlot slot, TaskRecord task) {
    slot.task = task;
    slot.configHash = task.configHash;
    slot.relaunchAt = null;
    slot.throttled = false;
  }

  // ---- acting -------------------------------------------------------------------------------------------------

  void converge(Instant now) {
    if (deleting) {
      allTasks().filter(TaskRecord::active).forEach(this::killTask);
      return;
    }
    if (target == null) {
      return;
    }
    if (!core.launchesAllowed()) {
      return; // until the backend has reported what already runs, nothing can be known to be missing
    }
    if (update != null) {
      update.step(now);
      if (update != null && !update.state.inFlight()) {
        if (update.state != UpdateState.ROLLED_FORWARD) {
          blockedConfig = update.rollback ? update.fromConfig : update.toConfig;
        }
        endUpdate();
      }
    }
    if (cron != null) {
      cronStep(now);
    } else if (slots.isEmpty()) {
      for (int id = 0; id < target.spec().instances(); id++) {
        newSlot(id, target.hash()).relaunchAt = now; // a new job: every instance at once, as `aurora job create`
      }
    } else if (update == null && !target.hash().equals(blockedConfig) && needsUpdate()) {
      startUpdate(now);
    }
    int desired = desiredInstances();
    for (InstanceSlot slot : List.copyOf(slots.values())) {
      if (update != null && update.controls(slot.id)) {
        continue;
      }
      if (slot.id >= desired && update == null && cron == null) {
        if (slot.hasActiveTask()) {
          killTask(slot.task);
        } else {
          slots.remove(slot.id);
          markDirty();
        }
      } else if (slot.relaunchAt != null && !now.isBefore(slot.relaunchAt)) {
        launchNow(slot);
      }
    }
  }

  private boolean needsUpdate() {
    int desired = target.spec().instances();
    if (slots.size() != desired || slots.lastKey() >= desired) {
      return true;
    }
    return slots.values().stream().anyMatch(s -> !target.hash().equals(s.configHash));
  }

  private void startUpdate(Instant now) {
    int desired = target.spec().instances();
    Map<Integer, String> targets = new LinkedHashMap<>();
    Map<Integer, String> originals = new HashMap<>();
    for (int id = 0; id < desired; id++) {
      if (!slots.containsKey(id)) {
        targets.put(id, target.hash()); // creates first
      }
    }
    for (InstanceSlot slot : slots.values()) {
      originals.put(slot.id, slot.configHash);
      if (slot.id < desired && !target.hash().equals(slot.configHash)) {
        targets.put(slot.id, target.hash()); // then replacements
      }
    }
    for (InstanceSlot slot : slots.values()) {
      if (slot.id >= desired) {
        targets.put(slot.id, null); // then removals
      }
    }
    String from = slots.values().stream().map(s -> s.configHash).filter(h -> !target.hash().equals(h))
        .findFirst().orElse(null);
    update = new RollingUpdate(this, false, from, target.hash(), target.spec().update(), targets, originals, now);
    core.updateStarted(this, false);
    markDirty();
  }

  /** The forward update failed and asks to roll back: every instance it touched returns to its old config. */
  void rollBack(RollingUpdate failed, Instant now, String why) {
    Map<Integer, String> targets = new LinkedHashMap<>();
    for (Integer id : failed.touchedInReverse()) {
      String original = failed.originals.get(id);
      if (original == null || configs.containsKey(original)) {
        targets.put(id, original);
      }
      // else: the instance ran a config from before an operator restart that is known only by its hash prefix; it
      // cannot be relaunched, so it stays on the new config.
    }
    lastUpdate = failed.view();
    core.updateFinished(failed.view());
    update = new RollingUpdate(this, true, failed.toConfig, failed.fromConfig, failed.settings(), targets,
        Map.of(), now);
    core.updateStarted(this, true);
    markDirty();
  }

  private void endUpdate() {
    RollingUpdate ended = update;
    update = null;
    lastUpdate = ended.view();
    core.updateFinished(lastUpdate);
    Instant now = core.now();
    // Instances the update left without a live task go back to the ordinary rescheduling rules.
    for (Integer id : ended.targets.keySet()) {
      InstanceSlot slot = slots.get(id);
      if (slot != null && slot.task != null && !slot.task.active() && slot.relaunchAt == null
          && !slot.task.killRequested) {
        reschedule(slot, slot.task, now);
      }
    }
    pruneConfigs();
  }

  private void cronStep(Instant now) {
    if (cron.fire(now)) {
      // A retry waiting to start (PENDING or THROTTLED) is an active task in Aurora's terms: it counts as running.
      boolean running = slots.values().stream().anyMatch(s -> s.hasActiveTask() || s.relaunchAt != null);
      if (!running) {
        startCronRun(now);
      } else if ("CANCEL_NEW".equalsIgnoreCase(target.spec().cron().collisionPolicy())) {
        core.log(ref + ": cron run skipped, the previous run is still active (CANCEL_NEW)");
      } else {
        slots.values().forEach(s -> {
          s.relaunchAt = null; // the old run's waiting retries are dropped, as Aurora deletes PENDING/THROTTLED tasks
          s.throttled = false;
        });
        slots.values().stream().filter(InstanceSlot::hasActiveTask).forEach(s -> killTask(s.task));
        cronRunWaiting = true; // KILL_EXISTING: the new run starts once the old tasks are gone
      }
      markDirty();
    }
    if (cronRunWaiting && slots.values().stream().noneMatch(InstanceSlot::hasActiveTask)) {
      startCronRun(now);
    }
  }

  private void startCronRun(Instant now) {
    cronRunWaiting = false;
    priorFailures.clear(); // a new run counts its own failures
    slots.clear();
    for (int id = 0; id < target.spec().instances(); id++) {
      newSlot(id, target.hash()).relaunchAt = now;
    }
    core.log(ref + ": cron run of " + target.spec().instances() + " instance(s)");
  }

  InstanceSlot newSlot(int id, String configHash) {
    InstanceSlot slot = new InstanceSlot(id);
    slot.failures = priorFailures.getOrDefault(id, 0);
    slot.configHash = configHash;
    slots.put(id, slot);
    return slot;
  }

  void launchNow(InstanceSlot slot) {
    if (!core.launchesAllowed()) {
      slot.relaunchAt = slot.relaunchAt == null ? core.now() : slot.relaunchAt;
      return; // waiting for the backend to report what already runs
    }
    JobConfig config = configFor(slot);
    slot.configHash = config.hash();
    slot.relaunchAt = null;
    slot.throttled = false;
    slot.task = core.launch(this, slot.id, config);
    markDirty();
  }

  void killTask(TaskRecord task) {
    if (!task.killRequested && task.active()) {
      task.killRequested = true;
      core.kill(task);
      markDirty();
    }
  }

  private JobConfig configFor(InstanceSlot slot) {
    JobConfig config = slot.configHash == null ? null : configs.get(slot.configHash);
    return config == null ? target : config;
  }

  /** Kills every task and stops replacing them; the job is gone once none is alive. */
  void delete() {
    deleting = true;
    if (update != null) {
      update.abort(core.now(), "the AuroraJob is being deleted");
      endUpdate();
    }
    allTasks().filter(TaskRecord::active).forEach(this::killTask);
    markDirty();
  }

  boolean hasLiveTasks() {
    return allTasks().anyMatch(TaskRecord::active);
  }

  Stream<TaskRecord> allTasks() {
    return Stream.concat(slots.values().stream().map(s -> s.task).filter(t -> t != null), retiring.values().stream());
  }

  private void pruneConfigs() {
    Set<String> keep = new HashSet<>();
    if (target != null) {
      keep.add(target.hash());
    }
    slots.values().forEach(s -> keep.add(s.configHash));
    if (update != null) {
      keep.addAll(update.originals.values());
      keep.addAll(update.targets.values());
    }
    configs.keySet().retainAll(keep);
  }

  void markDirty() {
    dirty = true;
  }

  boolean takeDirty() {
    boolean was = dirty;
    dirty = false;
    return was;
  }

  // ---- status -------------------------------------------------------------------------------------------------

  JobSnapshot snapshot() {
    List<InstanceView> views = new ArrayList<>();
    int finished = 0;
    int failedForGood = 0;
    for (InstanceSlot slot : slots.values()) {
      TaskRecord task = slot.task;
      String state;
      if (slot.relaunchAt != null) {
        state = slot.throttled ? TaskState.THROTTLED.name() : TaskState.PENDING.name();
      } else if (task == null) {
        state = TaskState.PENDING.name();
      } else {
        state = task.state.name();
        if (!task.active() && !task.killRequested && !(update != null && update.controls(slot.id))) {
          if (task.state == TaskState.FINISHED) {
            finished++;
          } else if (task.state == TaskState.FAILED) {
            failedForGood++;
          }
        }
      }
      views.add(new InstanceView(slot.id, task == null ? null : task.taskId, state,
          task == null ? null : task.host, task == null ? Map.of() : task.ports, slot.failures,
          task == null ? "" : task.message, task == null ? slot.relaunchAt : task.since,
          target != null && target.hash().equals(slot.configHash)));
    }
    UpdateView updateView = update != null ? update.view() : lastUpdate;
    JobSpec spec = target == null ? null : target.spec();
    return new JobSnapshot(spec == null ? null : spec.key().toString(), target == null ? null : target.hash(),
        target == null ? 0 : desiredInstances(), spec != null && spec.service(), cron != null, views, updateView,
        finished, failedForGood, cron == null ? null : cron.next(), deleting && hasLiveTasks());
  }
}
