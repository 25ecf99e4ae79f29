package dev.aurora.dsl.model;

/** One Thermos process. {@code logger} is null when the process does not override the executor's logging. */
public record ProcessSpec(
    String name,
    String cmdline,
    int maxFailures,
    boolean daemon,
    boolean ephemeral,
    int minDurationSecs,
    boolean isFinal,
    LoggerSpec logger) {

  /** {@code rotateLogSizeBytes}/{@code rotateBackups} are only meaningful when mode is {@code rotate}. */
  public record LoggerSpec(String destination, String mode, Long rotateLogSizeBytes, Integer rotateBackups) {}
}
