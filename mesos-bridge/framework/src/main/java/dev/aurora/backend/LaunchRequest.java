package dev.aurora.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Asks a backend to run one instance of a job. {@code job} is the Aurora job JSON (the shape of {@code inspect
 * --json} minus {@code update_config} and {@code instances}) with the placement-time references still unbound; the
 * backend binds them once it knows host and ports.
 */
public record LaunchRequest(JobKey job, int instanceId, String taskId, TaskResources resources,
                            List<PlacementConstraint> constraints, JsonNode jobJson) {
  public LaunchRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(jobJson, "jobJson");
    constraints = List.copyOf(constraints);
    if (instanceId < 0) {
      throw new IllegalArgumentException("instanceId must be >= 0, got " + instanceId);
    }
  }

  /** Derives key, resources and constraints from the job JSON and gives the instance a fresh task id. */
  public static LaunchRequest forInstance(JsonNode jobJson, int instanceId) {
    JobKey key = new JobKey(text(jobJson, "role"), text(jobJson, "environment"), text(jobJson, "name"));
    return new LaunchRequest(key, instanceId, TaskIds.newTaskId(key, instanceId), TaskResources.fromJob(jobJson),
        PlacementConstraint.fromJob(jobJson), jobJson);
  }

  private static String text(JsonNode job, String field) {
    JsonNode value = job.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("job JSON field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }
}
