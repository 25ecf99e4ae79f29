package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress of a rolling update, in Aurora's job update terms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateStatus(
    @JsonProperty
    @JsonPropertyDescription("ROLLING_FORWARD, ROLLING_BACK, ROLLED_FORWARD, ROLLED_BACK, FAILED or ABORTED.")
    String state,

    @JsonProperty
    @JsonPropertyDescription("Spec hash the update moves away from.")
    String fromSpecHash,

    @JsonProperty
    @JsonPropertyDescription("Spec hash the update moves to.")
    String toSpecHash,

    @JsonProperty
    @JsonPropertyDescription("Instances already on the target spec.")
    Integer instancesUpdated,

    @JsonProperty
    @JsonPropertyDescription("Instances the update has to touch.")
    Integer instancesTotal,

    @JsonProperty
    @JsonPropertyDescription("Instances whose update failed.")
    List<Integer> failedInstances,

    @JsonProperty
    @JsonPropertyDescription("When the update started (RFC 3339).")
    String startedAt,

    @JsonProperty
    @JsonPropertyDescription("When the update reached a terminal state (RFC 3339).")
    String finishedAt,

    @JsonProperty
    @JsonPropertyDescription("Why the update is in its state.")
    String message) {
}
