package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * What the operator observed, written only through the status subresource.
 *
 * @param tasks one entry per instance, non-running instances first, at most {@link #MAX_LISTED_TASKS}; the rest are
 *     only counted in {@code omittedTasks} so that a 10,000-instance job still fits in one object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Conditions are a list-map keyed by type, as Kubernetes API conventions ask, so that server-side apply merges them
// per condition instead of replacing the list.
public record AuroraJobStatus(
    @JsonProperty
    @JsonPropertyDescription("The metadata.generation this status describes. A status is current only when it equals "
        + "metadata.generation.")
    Long observedGeneration,

    @JsonProperty
    @JsonPropertyDescription("Pending, Running, Updating, Succeeded, Failed, Invalid or Killing.")
    AuroraJobPhase phase,

    @JsonProperty
    @JsonPropertyDescription("The selected job, as cluster/role/environment/name.")
    String jobKey,

    @JsonProperty
    @JsonPropertyDescription("Content hash of the resolved job the instances are running or moving to.")
    String specHash,

    @JsonProperty
    @JsonPropertyDescription("Desired number of instances of the selected job.")
    Integer instances,

    @JsonProperty
    @JsonPropertyDescription("Number of instances by Aurora task state (PENDING, ASSIGNED, STARTING, RUNNING, "
        + "FINISHED, FAILED, KILLED, LOST, ...).")
    Map<String, Integer> counts,

    @Size(max = AuroraJobStatus.MAX_LISTED_TASKS)
    @JsonProperty
    @JsonPropertyDescription("The current task of each instance, non-running instances first; bounded in size.")
    List<InstanceStatus> tasks,

    @JsonProperty
    @JsonPropertyDescription("How many instances are not listed in tasks because of the size bound.")
    Integer omittedTasks,

    @JsonProperty
    @JsonPropertyDescription("Progress of the rolling update in flight, or of the last one.")
    UpdateStatus update,

    @Size(max = 16)
    @JsonProperty
    @JsonPropertyDescription("ConfigValid, Available, Progressing and Degraded, in the Kubernetes condition shape.")
    List<AuroraJobCondition> conditions,

    @JsonProperty
    @JsonPropertyDescription("One line for humans: why the job is in its phase.")
    String message,

    @JsonProperty
    @JsonPropertyDescription("For a cron job: when its next run starts (RFC 3339). A cron job with no run in flight "
        + "is waiting for this time.")
    String nextRun) {

  public static final int MAX_LISTED_TASKS = 100;
}
