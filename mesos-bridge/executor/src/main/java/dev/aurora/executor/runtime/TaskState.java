package dev.aurora.executor.runtime;

/** Thermos' task states (AURORA.md §6.1). */
public enum TaskState {
  ACTIVE, CLEANING, FINALIZING, SUCCESS, FAILED, KILLED, LOST;

  public boolean terminal() {
    return ordinal() >= SUCCESS.ordinal();
  }
}
