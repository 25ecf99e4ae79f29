package dev.aurora.operator.scheduling;

import java.time.Instant;

/** One instance id of a job: its latest task and what happens next. Touched only on the core's loop thread. */
final class InstanceSlot {
  final int id;
  /** The latest task of this instance (possibly ended); null before the first launch. */
  TaskRecord task;
  /** The config this instance runs (the latest task's), or null before the first launch. */
  String configHash;
  /** Failed tasks of this instance, as Aurora's failureCount (copied to each rescheduled task). */
  int failures;
  /** Consecutive tasks that ended within the flapping threshold. */
  int flaps;
  /** When the next task is launched; null when no relaunch is planned. */
  Instant relaunchAt;
  /** Throttled (THROTTLED in Aurora) rather than merely pending until {@link #relaunchAt}. */
  boolean throttled;

  InstanceSlot(int id) {
    this.id = id;
  }

  boolean hasActiveTask() {
    return task != null && task.active();
  }
}
