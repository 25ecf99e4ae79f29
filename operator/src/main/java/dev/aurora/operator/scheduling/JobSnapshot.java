package dev.aurora.operator.scheduling;

import java.time.Instant;
import java.util.List;

/**
 * A consistent picture of one job for the status: every instance the job has (desired ones and ones still being
 * removed), the update in flight or the last one, and the facts the phase is derived from.
 *
 * @param configHash the config instances run or are moving to (spec content hash plus restart nonce)
 * @param settled for batch jobs: instances that will not run again, by outcome
 * @param nextCronRun the next cron trigger, null for jobs without a schedule
 * @param killing the job is being deleted and some task is still alive
 */
public record JobSnapshot(String jobKey, String configHash, int desiredInstances, boolean service, boolean cron,
                          List<InstanceView> instances, UpdateView update, int finished, int failedForGood,
                          Instant nextCronRun, boolean killing) {
  public JobSnapshot {
    instances = List.copyOf(instances);
  }
}
