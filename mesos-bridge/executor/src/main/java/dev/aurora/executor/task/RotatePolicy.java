package dev.aurora.executor.task;

/** Thermos {@code RotatePolicy}: roll a log file once it reaches {@code log_size} bytes, keep {@code backups}. */
public record RotatePolicy(Long logSize, Integer backups) {
  public RotatePolicy {
    logSize = logSize == null ? 100L * 1024 * 1024 : logSize;
    backups = backups == null ? 5 : backups;
  }

  public static final RotatePolicy DEFAULT = new RotatePolicy(null, null);
}
