package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;

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
      if (task == null || task.state() != TaskState.PARTITIONED) {
        continue;
      }
      JobSpec.PartitionPolicy policy = s.configOf(instance).spec().partitionPolicy();
      if (policy != null && !policy.reschedule()) {
        continue;
      }
      Duration delay = Duration.ofSeconds(policy == null ? 0 : policy.delaySecs());
      if (s.ctx.now().isBefore(task.since().plus(delay))) {
        continue;
      }
      TaskRecord lost = task.withReport(null, null, "partitioned for " + delay.toSeconds()
              + "s or more (partition_policy.delay_secs): given up")
          .withState(TaskState.LOST, s.ctx.now());
      InstanceRecord updated = instance.withTask(lost);
      s.put(updated);
      JobMachine.onTerminal(s, updated, lost);
    }
  }
}
