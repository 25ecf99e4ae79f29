package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import java.util.List;

/**
 * What an AuroraJob's status last recorded of its job: the config it described and the instances whose task had
 * ended. A backend reports only tasks that still run, so after a restart this is how a finished batch job stays
 * finished.
 */
public record PriorRun(String configHash, List<EndedTask> ended) {
  public PriorRun {
    ended = List.copyOf(ended);
  }

  public record EndedTask(int instanceId, String taskId, TaskState state, int failures) {}
}
