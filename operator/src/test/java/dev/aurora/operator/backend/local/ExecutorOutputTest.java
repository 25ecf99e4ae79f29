package dev.aurora.operator.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import org.junit.jupiter.api.Test;

class ExecutorOutputTest {
  private static final String ID = "www-data-test-hello-0-abc";

  @Test
  void taskLinesMapThermosStatesToAuroraStates() {
    assertEquals(TaskState.STARTING, state("05:53:57.880 task=" + ID + " ACTIVE"));
    assertEquals(TaskState.RUNNING, state("05:53:57.886 task=" + ID + " RUNNING"));
    assertEquals(TaskState.FINISHED, state("05:53:58.013 task=" + ID + " SUCCESS Task finished successfully"));
    assertEquals(TaskState.FAILED, state("05:53:58.013 task=" + ID + " FAILED Task failed"));
    assertEquals(TaskState.KILLED, state("05:53:58.013 task=" + ID + " KILLED"));
    assertEquals(TaskState.LOST, state("05:53:58.013 task=" + ID + " LOST"));
    assertEquals("Task finished successfully",
        ExecutorOutput.parse(ID, "05:53:58.013 task=" + ID + " SUCCESS Task finished successfully")
            .orElseThrow().message());
  }

  @Test
  void processLinesWindingDownStatesAndOtherTasksCarryNoState() {
    assertTrue(ExecutorOutput.parse(ID, "05:53:57.886 hello_world RUNNING pid=28258 run=0").isEmpty());
    assertTrue(ExecutorOutput.parse(ID, "05:53:57.886 task=" + ID + " CLEANING").isEmpty());
    assertTrue(ExecutorOutput.parse(ID, "05:53:57.886 task=" + ID + "-other SUCCESS").isEmpty());
  }

  @Test
  void theExitStatusDecidesWhenTheOutputEndedEarly() {
    assertEquals(TaskState.FINISHED, ExecutorOutput.fromExitCode(0, false).state());
    assertEquals(TaskState.FAILED, ExecutorOutput.fromExitCode(1, false).state());
    assertEquals(TaskState.FAILED, ExecutorOutput.fromExitCode(2, false).state());
    assertEquals(TaskState.KILLED, ExecutorOutput.fromExitCode(3, false).state());
    assertEquals(TaskState.LOST, ExecutorOutput.fromExitCode(4, false).state());
    assertEquals(TaskState.KILLED, ExecutorOutput.fromExitCode(137, true).state());
    assertEquals(TaskState.LOST, ExecutorOutput.fromExitCode(137, false).state());
  }

  private static TaskState state(String line) {
    return ExecutorOutput.parse(ID, line).orElseThrow().state();
  }
}
