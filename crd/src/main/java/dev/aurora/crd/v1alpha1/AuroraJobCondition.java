package dev.aurora.crd.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A condition in the shape Kubernetes API conventions give ({@code metav1.Condition}). Our own type rather than
 * fabric8's so that the list-map key {@code type} is required, which the API server insists on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuroraJobCondition(
    @Required
    @Size(max = 316)
    @JsonProperty
    @JsonPropertyDescription("ConfigValid, Available, Progressing or Degraded.")
    String type,

    @Required
    @Pattern("^(True|False|Unknown)$")
    @JsonProperty
    @JsonPropertyDescription("True, False or Unknown.")
    String status,

    @JsonProperty
    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    Long observedGeneration,

    @Required
    @JsonProperty
    @JsonPropertyDescription("When status last changed (RFC 3339).")
    String lastTransitionTime,

    @Size(max = 1024)
    @JsonProperty
    @JsonPropertyDescription("CamelCase reason for the last transition.")
    String reason,

    @Size(max = 32768)
    @JsonProperty
    @JsonPropertyDescription("Human-readable details; for ConfigValid=False, the evaluation error with file, line and "
        + "field.")
    String message) {
}
