package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Thermos {@code Process}, with the schema defaults of Aurora's {@code schema_base.py} for absent fields. */
public record ProcessConfig(
    String name,
    String cmdline,
    @JsonProperty("max_failures") Integer maxFailures,
    Boolean daemon,
    Boolean ephemeral,
    @JsonProperty("min_duration") Integer minDuration,
    @JsonProperty("final") Boolean isFinal,
    LoggerConfig logger) {
  public ProcessConfig {
    maxFailures = maxFailures == null ? 1 : maxFailures;
    daemon = daemon != null && daemon;
    ephemeral = ephemeral != null && ephemeral;
    minDuration = minDuration == null ? 5 : minDuration;
    isFinal = isFinal != null && isFinal;
  }
}
