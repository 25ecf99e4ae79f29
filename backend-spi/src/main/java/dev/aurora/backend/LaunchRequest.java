package dev.aurora.backend;

import java.util.List;
import java.util.Objects;

/**
 * Asks a backend to run one instance of a job. {@code document} is the executor's job document (Aurora's
 * {@code executorConfig.data}: the job JSON without {@code update_config} and {@code instances}) as JSON text, with
 * the placement references still unbound: the executor binds them from the {@link AssignedTask} it is handed.
 */
public record LaunchRequest(JobKey job, int instanceId, String taskId, TaskResources resources,
                            List<PlacementConstraint> constraints, String document) {
  public LaunchRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(document, "document");
    constraints = List.copyOf(constraints);
    if (instanceId < 0) {
      throw new IllegalArgumentException("instanceId must be >= 0, got " + instanceId);
    }
  }
}
