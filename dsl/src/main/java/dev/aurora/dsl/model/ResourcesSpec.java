package dev.aurora.dsl.model;

/** A task's resource footprint; sizes in bytes as the config states them. */
public record ResourcesSpec(double cpu, long ramBytes, long diskBytes, int gpu) {
  private static final long MB = 1024L * 1024L;

  /** Aurora floors bytes to whole MiB when it builds the scheduler's resource set. */
  public long ramMb() {
    return ramBytes / MB;
  }

  public long diskMb() {
    return diskBytes / MB;
  }
}
