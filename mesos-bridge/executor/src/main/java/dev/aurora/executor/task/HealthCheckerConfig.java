package dev.aurora.executor.task;

/** Aurora {@code HealthCheckerConfig}: a shell command wins over HTTP when both are given. */
public record HealthCheckerConfig(HttpHealthChecker http, ShellHealthChecker shell) {
  public static final HealthCheckerConfig DEFAULT = new HealthCheckerConfig(HttpHealthChecker.DEFAULT, null);
}
