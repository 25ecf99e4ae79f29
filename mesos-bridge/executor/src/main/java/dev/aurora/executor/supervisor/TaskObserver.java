package dev.aurora.executor.supervisor;

import dev.aurora.executor.runtime.ProcessTransition;
import dev.aurora.executor.runtime.TaskState;

/** What a supervised task reports: the standalone printer and the Mesos status updater both implement it. */
public interface TaskObserver {
  void processTransition(ProcessTransition transition);

  /** Thermos' own task state changes (ACTIVE, CLEANING, FINALIZING); the end is reported by {@link #taskEnded}. */
  default void runnerTransition(TaskState state) {}

  /** Once: the task is running and (if it has a health check) healthy. */
  void taskRunning(String message);

  /** Once, last: nothing the task started is alive any more. */
  void taskEnded(TaskOutcome outcome);
}
