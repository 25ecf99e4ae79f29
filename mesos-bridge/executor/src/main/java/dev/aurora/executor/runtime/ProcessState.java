package dev.aurora.executor.runtime;

/** Thermos' process run states (AURORA.md §6.1); a run goes WAITING, RUNNING, then one of the terminal four. */
public enum ProcessState {
  WAITING, RUNNING, SUCCESS, FAILED, KILLED, LOST;

  public boolean terminal() {
    return this != WAITING && this != RUNNING;
  }
}
