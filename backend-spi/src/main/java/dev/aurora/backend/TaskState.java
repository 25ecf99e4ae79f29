package dev.aurora.backend;

import java.util.EnumSet;
import java.util.Set;

/**
 * Aurora's {@code ScheduleStatus} (AURORA.md §7.1), with the Thrift numbers so status can be compared with Aurora
 * tooling. The backend only ever reports ASSIGNED, STARTING, RUNNING, KILLING, PARTITIONED and the terminal states;
 * the rest belong to the scheduling core.
 */
public enum TaskState {
  INIT(11), THROTTLED(16), PENDING(0), ASSIGNED(9), STARTING(1), RUNNING(2), FINISHED(3), PREEMPTING(13),
  RESTARTING(12), DRAINING(17), FAILED(4), KILLED(5), KILLING(6), LOST(7), PARTITIONED(18);

  private static final Set<TaskState> TERMINAL = EnumSet.of(FAILED, FINISHED, KILLED, LOST);

  private final int thriftValue;

  TaskState(int thriftValue) {
    this.thriftValue = thriftValue;
  }

  public int thriftValue() {
    return thriftValue;
  }

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  public boolean isActive() {
    return !isTerminal() && this != INIT;
  }
}
