package dev.aurora.operator.scheduling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The working state of one transition: the record as changed so far and the actions asked for. The machines are
 * written over it so that they read like Aurora's scheduler; nothing outside a transition ever sees a Step, and the
 * record values it holds are immutable, so a transition stays a function of (record, event, context).
 */
final class Step {
  final MachineContext ctx;
  private final List<Action> actions = new ArrayList<>();
  JobConfig target;
  Map<String, JobConfig> configs;
  InstanceMap instances;
  Map<String, TaskRecord> retiring;
  UpdateRecord update;
  UpdateRecord lastUpdate;
  String blockedConfig;
  CronRecord cron;
  boolean deleting;
  JobControls controls;
  private final JobRecord start;

  Step(JobRecord record, MachineContext ctx) {
    this.ctx = ctx;
    this.start = record;
    this.target = record.target();
    this.configs = record.configs();
    this.instances = record.instances();
    this.retiring = record.retiring();
    this.update = record.update();
    this.lastUpdate = record.lastUpdate();
    this.blockedConfig = record.blockedConfig();
    this.cron = record.cron();
    this.deleting = record.deleting();
    this.controls = record.controls();
  }

  /** The record this step made; the very same record when nothing was changed (callers compare by identity). */
  Transition result() {
    boolean unchanged = target == start.target() && configs == start.configs() && instances == start.instances()
        && retiring == start.retiring() && update == start.update() && lastUpdate == start.lastUpdate()
        && java.util.Objects.equals(blockedConfig, start.blockedConfig()) && cron == start.cron()
        && deleting == start.deleting() && controls.equals(start.controls());
    JobRecord next = unchanged ? start
        : start.with(target, configs, instances, retiring, update, lastUpdate, blockedConfig, cron, deleting,
            controls);
    return new Transition(next, actions);
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  InstanceRecord instance(int id) {
    return instances.get(id);
  }

  /** As {@link JobRecord#desiredInstances()}, of the record as changed so far. */
  int desiredInstances() {
    if (target == null) {
      return 0;
    }
    if (target.hash().equals(blockedConfig)) {
      return instances.isEmpty() ? 0 : instances.lastId() + 1;
    }
    return target.spec().instances();
  }

  /** Whether the spec keeps this instance killed (spec.killedInstances). */
  boolean killed(int id) {
    return controls.killedInstances().contains(id);
  }

  boolean service() {
    return target.spec().service();
  }

  /** The config an instance runs (or will be launched with); the target when it has none the record knows. */
  JobConfig configOf(InstanceRecord instance) {
    JobConfig config = instance.config() == null ? null : configs.get(instance.config());
    return config == null ? target : config;
  }

  // ---- changing -----------------------------------------------------------------------------------------------

  void put(InstanceRecord instance) {
    instances = instances.with(instance);
  }

  void remove(int id) {
    instances = instances.without(id);
  }

  /** Records a config under its hash, replacing one of the same hash (the target carries the whole job). */
  void putConfig(JobConfig config) {
    Map<String, JobConfig> next = new LinkedHashMap<>(configs);
    next.put(config.hash(), config);
    configs = next;
  }

  void addConfig(JobConfig config) {
    if (!configs.containsKey(config.hash())) {
      Map<String, JobConfig> next = new LinkedHashMap<>(configs);
      next.put(config.hash(), config);
      configs = next;
    }
  }

  void retire(TaskRecord task) {
    Map<String, TaskRecord> next = new LinkedHashMap<>(retiring);
    next.put(task.taskId(), task);
    retiring = next;
  }

  void forgetRetiring(String taskId) {
    if (retiring.containsKey(taskId)) {
      Map<String, TaskRecord> next = new LinkedHashMap<>(retiring);
      next.remove(taskId);
      retiring = next;
    }
  }

  /** Launches the instance's next task on {@code config}: recorded here as PENDING, handed out by the Launch action. */
  InstanceRecord launch(InstanceRecord instance, JobConfig config) {
    addConfig(config);
    String taskId = ctx.taskIds().next(config.key(), instance.id());
    TaskRecord task = TaskRecord.launched(taskId, instance.id(), config.hash(), ctx.now());
    InstanceRecord launched = instance.owning(task);
    put(launched);
    actions.add(new Action.Launch(taskId, instance.id(), config.hash()));
    return launched;
  }

  /** Asks for a task's death once; its end then is expected, not a failure. */
  void kill(TaskRecord task) {
    if (task.killRequested() || !task.active()) {
      return;
    }
    TaskRecord killing = task.asKillRequested();
    InstanceRecord owner = instances.get(task.instanceId());
    if (owner != null && owner.task() != null && owner.task().taskId().equals(task.taskId())) {
      put(owner.withTask(killing));
    } else if (retiring.containsKey(task.taskId())) {
      retire(killing);
    }
    actions.add(new Action.Kill(task.taskId()));
  }

  /** Kills a task the record does not (or no longer) track as alive: only the backend needs telling. */
  void killUntracked(String taskId) {
    actions.add(new Action.Kill(taskId));
  }

  void askCoordinator(int instanceId, String taskId, String url, String statusKey) {
    actions.add(new Action.AskCoordinator(instanceId, taskId, url, statusKey));
  }

  void notice(String reason, String message) {
    actions.add(new Action.Notice(reason, message, false));
  }

  void warning(String reason, String message) {
    actions.add(new Action.Notice(reason, message, true));
  }

  void event(String reason, String message, boolean warning) {
    actions.add(new Action.Event(reason, message, warning));
  }

  /** Drops configs nothing refers to any more. */
  void pruneConfigs() {
    Set<String> keep = new HashSet<>();
    if (target != null) {
      keep.add(target.hash());
    }
    instances.forEach(i -> {
      keep.add(i.config());
      if (i.task() != null) {
        keep.add(i.task().config());
      }
    });
    retiring.values().forEach(t -> keep.add(t.config()));
    if (update != null) {
      keep.addAll(update.originals().values());
      keep.addAll(update.targets().values());
    }
    if (!keep.containsAll(configs.keySet())) {
      Map<String, JobConfig> next = new LinkedHashMap<>(configs);
      next.keySet().retainAll(keep);
      configs = next;
    }
  }
}
