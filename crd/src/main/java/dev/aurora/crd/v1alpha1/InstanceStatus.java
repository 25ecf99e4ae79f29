package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The current task of one instance of the job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceStatus(
    @Required
    @JsonProperty
    @JsonPropertyDescription("Instance id, 0 to instances-1.")
    Integer id,

    @JsonProperty
    @JsonPropertyDescription("The task running this instance, e.g. www-data-prod-hello-0-7f9c...")
    String taskId,

    @JsonProperty
    @JsonPropertyDescription("Aurora task state: PENDING, THROTTLED, ASSIGNED, STARTING, RUNNING, FINISHED, FAILED, "
        + "KILLING, KILLED, LOST, ...")
    String state,

    @JsonProperty
    @JsonPropertyDescription("The host (Mesos agent) the task was placed on.")
    String host,

    @JsonProperty
    @JsonPropertyDescription("Named ports assigned to the task, as {{thermos.ports[name]}} saw them.")
    Map<String, Integer> ports,

    @JsonProperty
    @JsonPropertyDescription("How many tasks of this instance have failed.")
    Integer failures,

    @JsonProperty
    @JsonPropertyDescription("The last message reported for the task.")
    String message,

    @JsonProperty
    @JsonPropertyDescription("When the task entered its current state (RFC 3339).")
    String since,

    @JsonProperty
    @JsonPropertyDescription("Where the task's sandbox (its files and process logs) can be read: file:///... on the "
        + "operator's machine (local backend), or the Mesos agent's files API, "
        + "http://agent:port/files/read?path=/frameworks/<id>/executors/<id>/runs/latest/sandbox. "
        + "`kubectl aurora logs` reads it.")
    String sandbox) {
}
