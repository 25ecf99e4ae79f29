package dev.aurora.executor.task;

/** Thermos {@code Process}, with the schema defaults of Aurora's {@code schema_base.py} for absent fields. */
public record ProcessConfig(
    String name,
    String cmdline,
    Integer maxFailures,
    Boolean daemon,
    Boolean ephemeral,
    Integer minDuration,
    Boolean isFinal,
    LoggerConfig logger) {
  public ProcessConfig {
    maxFailures = maxFailures == null ? 1 : maxFailures;
    daemon = daemon != null && daemon;
    ephemeral = ephemeral != null && ephemeral;
    minDuration = minDuration == null ? 5 : minDuration;
    isFinal = isFinal != null && isFinal;
  }
}
