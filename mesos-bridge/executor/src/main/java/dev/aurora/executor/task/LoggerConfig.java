package dev.aurora.executor.task;

import java.util.Locale;

/** Thermos {@code Logger}: where a process' stdout/stderr go and whether the files rotate. */
public record LoggerConfig(String destination, String mode, RotatePolicy rotate) {
  public LoggerConfig {
    destination = destination == null ? "file" : destination.toLowerCase(Locale.ROOT);
    mode = mode == null ? "standard" : mode.toLowerCase(Locale.ROOT);
    rotate = rotate == null ? RotatePolicy.DEFAULT : rotate;
  }

  public static final LoggerConfig DEFAULT = new LoggerConfig(null, null, null);

  public boolean rotating() {
    return mode.equals("rotate");
  }
}
