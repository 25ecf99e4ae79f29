package dev.aurora.operator.scheduling;

import java.time.Instant;

/**
 * One instance id of a job in the scheduler's record: its latest task and what happens next.
 *
 * @param config the config the instance runs or is about to run (its latest task's, or the one it is launched with)
 * @param task the latest task (possibly ended); null before the first launch
 * @param failures failed tasks of this instance, as Aurora's failureCount (carried to each rescheduled task)
 * @param flaps consecutive tasks that ended within the flapping threshold
 * @param relaunchAt when the next task is launched; null when none is planned
 * @param throttled waiting for {@code relaunchAt} as Aurora's THROTTLED rather than merely PENDING
 */
public record InstanceRecord(int id, String config, TaskRecord task, int failures, int flaps, Instant relaunchAt,
                             boolean throttled) {

  static InstanceRecord fresh(int id, String config, int failures) {
    return new InstanceRecord(id, config, null, failures, 0, null, false);
  }

  boolean hasActiveTask() {
    return task != null && task.active();
  }

  InstanceRecord withTask(TaskRecord next) {
    return new InstanceRecord(id, next == null ? config : next.config(), next, failures, flaps, relaunchAt, throttled);
  }

  /** Owns a task and drops any planned relaunch (the task is the instance's answer). */
  InstanceRecord owning(TaskRecord next) {
    return new InstanceRecord(id, next.config(), next, failures, flaps, null, false);
  }

  InstanceRecord relaunchAt(Instant when, boolean throttle) {
    return new InstanceRecord(id, config, task, failures, flaps, when, throttle);
  }

  InstanceRecord withConfig(String next) {
    return new InstanceRecord(id, next, task, failures, flaps, relaunchAt, throttled);
  }

  InstanceRecord withCounts(int newFailures, int newFlaps) {
    return new InstanceRecord(id, config, task, newFailures, newFlaps, relaunchAt, throttled);
  }
}
