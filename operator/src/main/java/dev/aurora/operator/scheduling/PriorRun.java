package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.util.List;

/**
 * What an AuroraJob's status last recorded of its job, for a core that meets the job for the first time (after an
 * operator restart). A backend reports only tasks that still run, so this is how finished batch instances stay
 * finished, failure counts keep counting, and a rollout that failed is not tried again with the same config.
 *
 * @param configHash the config the status describes; the rest applies only when the job still has that config
 * @param tasks the instances the status lists, with their task's state and failure count
 * @param updateFailed the last rollout to this config failed or was rolled back
 */
public record PriorRun(String configHash, List<PriorTask> tasks, boolean updateFailed) {
  public PriorRun {
    tasks = List.copyOf(tasks);
  }

  public record PriorTask(int instanceId, String taskId, TaskState state, int failures) {}
}
