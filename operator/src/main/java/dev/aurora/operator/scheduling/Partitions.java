package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;
import java.util.List;

/**
 * Tasks on an agent the master cannot reach (PARTITIONED, AURORA.md §7.7), as Aurora's {@code -partition_aware} mode
 * treated them: kept while {@code partition_policy.delay_secs} runs, then given up as LOST and replaced by the
 * rescheduling rules; kept for good when {@code reschedule=False}. A job without a partition policy is replaced at
 * once, as Aurora did. A partitioned task that comes back before then simply carries on.
 */
final class Partitions {
  private Partitions() {
  }

  static void step(Step s) {
    for (InstanceRecord instance : s.instances.values()) {
      TaskRecord task = instance.task();
      if (task != null && task.state() == TaskState.PARTITIONED && due(s, s.configOf(instance), task)) {
        TaskRecord lost = givenUp(s, task);
        InstanceRecord updated = instance.withTask(lost);
        s.put(updated);
        JobMachine.onTerminal(s, updated, lost);
      }
    }
    // A task being killed (retired) that became unreachable ends the same way, and is not replaced.
    for (TaskRecord task : List.copyOf(s.retiring.values())) {
      JobConfig config = s.configs.get(task.config());
      if (task.state() == TaskState.PARTITIONED && due(s, config == null ? s.target : config, task)) {
        TaskRecord lost = givenUp(s, task);
        s.retire(lost);
        JobMachine.onTerminal(s, null, lost);
      }
    }
  }

  private static boolean due(Step s, JobConfig config, TaskRecord task) {
    JobSpec.PartitionPolicy policy = config == null ? null : config.spec().partitionPolicy();
    if (policy != null && !policy.reschedule()) {
      return false;
    }
    Duration delay = Duration.ofSeconds(policy == null ? 0 : policy.delaySecs());
    return !s.ctx.now().isBefore(task.since().plus(delay));
  }

  private static TaskRecord givenUp(Step s, TaskRecord task) {
    return task.withReport(null, null, "unreachable since " + task.since()
            + "; given up as partition_policy says")
        .withState(TaskState.LOST, s.ctx.now());
  }
}
