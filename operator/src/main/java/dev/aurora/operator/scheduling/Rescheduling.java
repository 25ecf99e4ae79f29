package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Duration;

/**
 * What happens to an instance whose task ended on its own (AURORA.md §7.2): a service is always replaced; a batch
 * instance is done when its task finished, and retried after a failure while its failures stay below
 * {@code max_task_failures} (-1: forever; 0 acts as 1); KILLED and LOST tasks are replaced. An instance whose tasks
 * keep ending within the flapping threshold is throttled from the second flap on, with Aurora's truncated, randomised
 * binary back-off.
 */
final class Rescheduling {
  private Rescheduling() {
  }

  static void reschedule(Step s, InstanceRecord instance, TaskRecord ended) {
    JobSpec spec = s.configOf(instance).spec();
    if (ended.state() == TaskState.FINISHED && !spec.service()) {
      return; // a batch instance is done
    }
    int failures = instance.failures();
    if (ended.state() == TaskState.FAILED) {
      failures++;
      int max = spec.maxTaskFailures();
      if (!spec.service() && max != -1 && failures >= Math.max(1, max)) {
        s.put(instance.withCounts(failures, instance.flaps()));
        return; // out of retries
      }
    }
    boolean flapped = Duration.between(ended.launchedAt(), s.ctx.now())
        .compareTo(s.ctx.settings().flappingThreshold()) < 0;
    int flaps = flapped ? instance.flaps() + 1 : 0;
    Duration penalty = flappingPenalty(flaps, s.ctx);
    s.put(instance.withCounts(failures, flaps).relaunchAt(s.ctx.now().plus(penalty), !penalty.isZero()));
  }

  /** None for the first flap, then from the initial delay, growing by a random share of itself up to the cap. */
  static Duration flappingPenalty(int flaps, MachineContext ctx) {
    if (flaps < 2) {
      return Duration.ZERO;
    }
    long max = ctx.settings().maxFlappingDelay().toMillis();
    long delay = ctx.settings().initialFlappingDelay().toMillis();
    for (int i = 2; i < flaps && delay < max; i++) {
      delay = delay + (long) (ctx.random().getAsDouble() * delay);
    }
    return Duration.ofMillis(Math.min(max, delay));
  }
}
