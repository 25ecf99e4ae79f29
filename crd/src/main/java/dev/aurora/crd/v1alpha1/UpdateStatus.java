package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress of a rolling update, in Aurora's job update terms. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateStatus(
    @JsonProperty
    @JsonPropertyDescription("The update's id: what spec.update.abort names to abort it.")
    String id,

    @JsonProperty
    @JsonPropertyDescription("Aurora's job update status: ROLLING_FORWARD, ROLL_FORWARD_PAUSED, "
        + "ROLL_FORWARD_AWAITING_PULSE, ROLLING_BACK, ROLL_BACK_PAUSED, ROLL_BACK_AWAITING_PULSE, ROLLED_FORWARD, "
        + "ROLLED_BACK, ABORTED, ERROR or FAILED.")
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
