package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Thermos {@code RotatePolicy}: roll a log file once it reaches {@code log_size} bytes, keep {@code backups}. */
public record RotatePolicy(@JsonProperty("log_size") Long logSize, Integer backups) {
  public RotatePolicy {
    logSize = logSize == null ? 100L * 1024 * 1024 : logSize;
    backups = backups == null ? 5 : backups;
  }

  public static final RotatePolicy DEFAULT = new RotatePolicy(null, null);
}
