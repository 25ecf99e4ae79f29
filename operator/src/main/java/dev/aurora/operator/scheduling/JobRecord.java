package dev.aurora.operator.scheduling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything the scheduler must not forget about one AuroraJob's job: the durable record it writes before it acts.
 * Immutable; the state machines ({@link JobMachine}) map a record and an event to the next record and the actions to
 * carry out.
 *
 * @param uid the AuroraJob's uid (the record is owned by the resource and goes with it)
 * @param target the config the job should run, null until a valid spec was applied
 * @param configs every config a task of the job may run: the target, those instances still run, those an update in
 *     flight moves from and to, and those a rollback would return to
 * @param retiring tasks being killed that no instance owns any more (duplicates, tasks of a job key the resource no
 *     longer names)
 * @param update the rolling update in flight, or null
 * @param lastUpdate the last update that ended, for the status
 * @param blockedConfig an update to this config failed or rolled back; it is not tried again until the spec changes
 * @param cron the cron schedule, null for a job without one
 * @param deleting the resource is being deleted: every task is killed and none replaced
 * @param controls what the spec said last about instances and the update (killed instances, pause, tokens)
 */
public record JobRecord(JobRef ref, String uid, JobConfig target, Map<String, JobConfig> configs,
                        InstanceMap instances, Map<String, TaskRecord> retiring, UpdateRecord update,
                        UpdateRecord lastUpdate, String blockedConfig, CronRecord cron, boolean deleting,
                        JobControls controls) {
  public JobRecord {
    Objects.requireNonNull(ref, "ref");
    configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    Objects.requireNonNull(instances, "instances");
    retiring = Collections.unmodifiableMap(new LinkedHashMap<>(retiring));
    controls = controls == null ? JobControls.NONE : controls;
  }

  public static JobRecord empty(JobRef ref, String uid) {
    return new JobRecord(ref, uid, null, Map.of(), InstanceMap.empty(), Map.of(), null, null, null, null, false,
        JobControls.NONE);
  }

  /** Every task the record knows: each instance's latest and the retiring ones. */
  public Stream<TaskRecord> tasks() {
    return Stream.concat(instances.values().stream().map(InstanceRecord::task).filter(Objects::nonNull),
        retiring.values().stream());
  }

  public boolean hasLiveTasks() {
    return tasks().anyMatch(TaskRecord::active);
  }

  /** How many instances the job has now: the target's count, or, after a failed rollout, as many as it ended with. */
  public int desiredInstances() {
    if (target == null) {
      return 0;
    }
    if (target.hash().equals(blockedConfig)) {
      return instances.isEmpty() ? 0 : instances.lastId() + 1;
    }
    return target.spec().instances();
  }

  JobRecord with(JobConfig newTarget, Map<String, JobConfig> newConfigs, InstanceMap newInstances,
                 Map<String, TaskRecord> newRetiring, UpdateRecord newUpdate, UpdateRecord newLastUpdate,
                 String newBlocked, CronRecord newCron, boolean newDeleting, JobControls newControls) {
    return new JobRecord(ref, uid, newTarget, newConfigs, newInstances, newRetiring, newUpdate, newLastUpdate,
        newBlocked, newCron, newDeleting, newControls);
  }
}
