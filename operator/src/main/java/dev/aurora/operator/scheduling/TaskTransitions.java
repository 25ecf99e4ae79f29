package dev.aurora.operator.scheduling;

import static dev.aurora.backend.TaskState.ASSIGNED;
import static dev.aurora.backend.TaskState.DRAINING;
import static dev.aurora.backend.TaskState.FAILED;
import static dev.aurora.backend.TaskState.FINISHED;
import static dev.aurora.backend.TaskState.INIT;
import static dev.aurora.backend.TaskState.KILLED;
import static dev.aurora.backend.TaskState.KILLING;
import static dev.aurora.backend.TaskState.LOST;
import static dev.aurora.backend.TaskState.PARTITIONED;
import static dev.aurora.backend.TaskState.PENDING;
import static dev.aurora.backend.TaskState.PREEMPTING;
import static dev.aurora.backend.TaskState.RESTARTING;
import static dev.aurora.backend.TaskState.RUNNING;
import static dev.aurora.backend.TaskState.STARTING;
import static dev.aurora.backend.TaskState.THROTTLED;

import dev.aurora.backend.TaskState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Aurora's task state machine (AURORA.md §7.1, {@code TaskStateMachine}) as a transition table: which state a task may
 * move to from which. A report that asks for any other move is refused (and logged by the caller).
 *
 * <p>One widening on purpose: a backend reports what it observes, and between two observations a task may have moved
 * on more than one step (a report after a restart, coalesced Mesos updates). So from PENDING and ASSIGNED every later
 * state of the launch path is allowed, as Aurora itself accepted RUNNING for an ASSIGNED task.
 */
final class TaskTransitions {
  private static final Set<TaskState> ENDS = EnumSet.of(FINISHED, FAILED, KILLED, LOST);
  private static final Map<TaskState, Set<TaskState>> ALLOWED = new EnumMap<>(TaskState.class);

  static {
    allow(INIT, PENDING, THROTTLED);
    allow(THROTTLED, PENDING, KILLING);
    // PENDING: Aurora allows ASSIGNED or KILLING; reports may skip ahead (see the class comment), and a kill of a task
    // not yet placed ends it at once.
    allow(PENDING, ASSIGNED, STARTING, RUNNING, KILLING, PARTITIONED, FINISHED, FAILED, KILLED, LOST);
    allow(ASSIGNED, STARTING, RUNNING, FINISHED, FAILED, RESTARTING, DRAINING, KILLED, KILLING, LOST, PREEMPTING,
        PARTITIONED);
    allow(STARTING, RUNNING, FINISHED, FAILED, RESTARTING, DRAINING, KILLED, KILLING, LOST, PREEMPTING, PARTITIONED);
    allow(RUNNING, FINISHED, RESTARTING, DRAINING, FAILED, KILLING, KILLED, LOST, PREEMPTING, PARTITIONED);
    allow(PREEMPTING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    allow(RESTARTING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    allow(DRAINING, FINISHED, FAILED, KILLING, KILLED, LOST, PARTITIONED);
    allow(KILLING, FINISHED, FAILED, KILLED, LOST, PARTITIONED);
    // A partitioned task comes back (the agent reregistered) or is given up.
    allow(PARTITIONED, RUNNING, STARTING, KILLING, FINISHED, FAILED, KILLED, LOST);
    for (TaskState end : ENDS) {
      allow(end);
    }
  }

  private TaskTransitions() {
  }

  private static void allow(TaskState from, TaskState... to) {
    Set<TaskState> targets = EnumSet.noneOf(TaskState.class);
    targets.addAll(java.util.List.of(to));
    ALLOWED.put(from, targets);
  }

  static boolean allowed(TaskState from, TaskState to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }
}
