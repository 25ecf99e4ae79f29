package dev.aurora.operator.scheduling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import org.junit.jupiter.api.Test;

/** Aurora's task state machine as a table (AURORA.md §7.1). */
class TaskTransitionsTest {
  @Test
  void theLaunchPathMovesForwardOnly() {
    assertTrue(TaskTransitions.allowed(TaskState.PENDING, TaskState.ASSIGNED));
    assertTrue(TaskTransitions.allowed(TaskState.ASSIGNED, TaskState.STARTING));
    assertTrue(TaskTransitions.allowed(TaskState.STARTING, TaskState.RUNNING));
    assertFalse(TaskTransitions.allowed(TaskState.RUNNING, TaskState.STARTING));
    assertFalse(TaskTransitions.allowed(TaskState.RUNNING, TaskState.ASSIGNED));
    assertFalse(TaskTransitions.allowed(TaskState.KILLING, TaskState.RUNNING));
  }

  @Test
  void terminalStatesAreFinal() {
    for (TaskState end : new TaskState[] {TaskState.FINISHED, TaskState.FAILED, TaskState.KILLED, TaskState.LOST}) {
      for (TaskState next : TaskState.values()) {
        assertFalse(TaskTransitions.allowed(end, next), end + " -> " + next);
      }
    }
  }

  @Test
  void aPartitionedTaskComesBackOrIsGivenUp() {
    assertTrue(TaskTransitions.allowed(TaskState.RUNNING, TaskState.PARTITIONED));
    assertTrue(TaskTransitions.allowed(TaskState.PARTITIONED, TaskState.RUNNING));
    assertTrue(TaskTransitions.allowed(TaskState.PARTITIONED, TaskState.LOST));
    assertTrue(TaskTransitions.allowed(TaskState.THROTTLED, TaskState.PENDING));
    assertFalse(TaskTransitions.allowed(TaskState.THROTTLED, TaskState.RUNNING));
  }
}
