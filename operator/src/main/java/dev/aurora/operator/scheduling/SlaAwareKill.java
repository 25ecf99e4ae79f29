package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How an update takes an instance's task down: at once, or, for an SLA-aware update ({@code sla_aware=True} with an
 * {@code sla_policy}), only while the job's SLA holds after it goes, as Aurora's SlaKillController and SlaManager
 * did. The policy is the one of the config the instance moves to (a rollback: the one it returns to). A Count or
 * Percentage policy is checked here over the record; a Coordinator policy is asked over HTTP off the machine
 * ({@link Action.AskCoordinator}), its answer coming back as {@link JobEvent.CoordinatorAnswer}. A check that fails is
 * retried after a delay that doubles from the operator's minimum to its maximum ({@link SlaSettings}).
 */
final class SlaAwareKill {
  /** Tasks on an agent: only their kill can cost the SLA (Aurora forced the kill of the others). */
  private static final Set<TaskState> ON_AN_AGENT = EnumSet.of(TaskState.ASSIGNED, TaskState.STARTING,
      TaskState.RUNNING, TaskState.KILLING, TaskState.PREEMPTING, TaskState.RESTARTING, TaskState.DRAINING,
      TaskState.PARTITIONED);

  private SlaAwareKill() {
  }

  /** The update wants this task gone: kill it now, or when the SLA policy allows. */
  static void kill(Step s, InstanceRecord instance, TaskRecord task) {
    if (task.killRequested()) {
      return;
    }
    UpdateRecord u = s.update;
    JobSpec.SlaPolicy policy = policyFor(s, u, instance.id());
    if (policy == null || !ON_AN_AGENT.contains(task.state())) {
      setWait(s, instance.id(), null);
      s.kill(task);
      return;
    }
    SlaWait wait = u.gates().slaWaits().get(instance.id());
    if (wait != null && !wait.taskId().equals(task.taskId())) {
      wait = null; // a wait for a task that is gone
    }
    if (wait != null && wait.approved()) {
      setWait(s, instance.id(), null);
      s.notice("UpdateSlaPassed", "instance " + instance.id() + ": the coordinator allows taking task "
          + task.taskId() + " down");
      s.kill(task);
      return;
    }
    Instant now = s.ctx.now();
    if (wait != null && now.isBefore(wait.nextCheck())) {
      return;
    }
    SlaSettings settings = s.ctx.settings().sla();
    Duration delay = settings.nextDelay(wait == null ? null : wait.lastDelay());
    if ("coordinator".equals(policy.kind())) {
      s.askCoordinator(instance.id(), task.taskId(), policy.coordinatorUrl(), policy.statusKey());
      setWait(s, instance.id(), new SlaWait(task.taskId(), now.plus(delay), delay, false,
          "asking the coordinator " + policy.coordinatorUrl()));
      return;
    }
    String broken = countOrPercentage(s, task, policy);
    if (broken == null) {
      setWait(s, instance.id(), null);
      s.kill(task);
      return;
    }
    if (wait == null) {
      s.notice("UpdateSlaWait", "instance " + instance.id() + ": " + broken);
    }
    setWait(s, instance.id(), new SlaWait(task.taskId(), now.plus(delay), delay, false, broken));
  }

  /** The coordinator answered about a task an SLA wait holds; a stale answer or one for a held update is dropped. */
  static void onAnswer(Step s, JobEvent.CoordinatorAnswer answer) {
    UpdateRecord u = s.update;
    if (u == null || !u.inProgress()) {
      return;
    }
    SlaWait wait = u.gates().slaWaits().get(answer.instanceId());
    if (wait == null || !wait.taskId().equals(answer.taskId())) {
      return;
    }
    boolean rolling = u.state() == UpdateState.ROLLING_FORWARD || u.state() == UpdateState.ROLLING_BACK;
    if (answer.allowed() && rolling) {
      setWait(s, answer.instanceId(), new SlaWait(wait.taskId(), wait.nextCheck(), wait.lastDelay(), true,
          "the coordinator allows it"));
    } else if (!answer.allowed()) {
      if (!answer.detail().equals(wait.status())) {
        s.notice("UpdateSlaWait", "instance " + answer.instanceId() + ": " + answer.detail());
      }
      setWait(s, answer.instanceId(), new SlaWait(wait.taskId(), wait.nextCheck(), wait.lastDelay(), false,
          answer.detail()));
    }
  }

  /** The SLA policy an instance's task is killed under, or null for a plain kill. */
  static JobSpec.SlaPolicy policyFor(Step s, UpdateRecord u, int instanceId) {
    if (!u.settings().slaAware()) {
      return null;
    }
    String config = u.rollback() ? u.targetOf(instanceId) : u.toConfig();
    JobConfig newest = config == null ? null : s.configs.get(config);
    return newest == null ? null : newest.spec().slaPolicy();
  }

  /**
   * Aurora's Count/Percentage check: null when the job keeps its SLA without this task, else what is missing. Jobs
   * with fewer active tasks than the operator's minimum, and non-production jobs (unless the operator checks them
   * too), skip the check.
   */
  static String countOrPercentage(Step s, TaskRecord task, JobSpec.SlaPolicy policy) {
    SlaSettings settings = s.ctx.settings().sla();
    long active = s.instances.values().stream().map(InstanceRecord::task)
        .filter(t -> t != null && t.active()).count()
        + s.retiring.values().stream().filter(TaskRecord::active).count();
    JobConfig config = s.configs.get(task.config());
    boolean production = config != null ? config.spec().production() : s.target.spec().production();
    if (!(settings.killNonProd() || production) || active < settings.minRequiredInstances()) {
      return null;
    }
    Duration duration = Duration.ofSeconds(policy.durationSecs() == null ? 0 : policy.durationSecs());
    Instant now = s.ctx.now();
    long running = s.instances.values().stream().map(InstanceRecord::task)
        .filter(t -> t != null && !t.taskId().equals(task.taskId()) && t.state() == TaskState.RUNNING
            && Duration.between(t.since(), now).compareTo(duration) > 0)
        .count();
    if ("percentage".equals(policy.kind())) {
      double required = policy.percentage() == null ? 0 : policy.percentage();
      if ((long) ((1 - required / 100.0) * active) < 1) {
        required = (active - 1) / (double) active * 100; // Aurora lets at least one instance go
      }
      double percentRunning = running * 100.0 / active;
      return percentRunning >= required ? null : String.format("PercentageSlaPolicy(percentage=%s, duration_secs=%d)"
          + " would break: %d of %d active instances RUNNING for over %d s without this one (%.1f%% < %s%%)",
          trim(policy.percentage()), duration.toSeconds(), running, active, duration.toSeconds(), percentRunning,
          trim(required));
    }
    long required = policy.count() == null ? 0 : policy.count();
    if (active - required < 1) {
      required = active - 1; // Aurora lets at least one instance go
    }
    return running >= required ? null : "CountSlaPolicy(count=" + policy.count() + ", duration_secs="
        + duration.toSeconds() + ") would break: " + running + " of " + active + " active instances RUNNING for over "
        + duration.toSeconds() + " s without this one, " + required + " required";
  }

  /** The instance no longer waits (its task went, or the update moved it on). */
  static void forget(Step s, int instanceId) {
    setWait(s, instanceId, null);
  }

  private static void setWait(Step s, int instanceId, SlaWait wait) {
    UpdateRecord u = s.update;
    SlaWait before = u.gates().slaWaits().get(instanceId);
    if (wait == null && before == null) {
      return;
    }
    UpdateGates gates = u.gates().withSlaWait(instanceId, wait);
    s.update = u.held(u.state(), message(u, gates), gates);
  }

  private static String message(UpdateRecord u, UpdateGates gates) {
    boolean rolling = u.state() == UpdateState.ROLLING_FORWARD || u.state() == UpdateState.ROLLING_BACK;
    return rolling ? waitMessage(gates) : u.message(); // a hold's message says more
  }

  /** The message of a rolling update: which instances wait for the SLA, why, and until when ("" for none). */
  static String waitMessage(UpdateGates gates) {
    Map<Integer, SlaWait> waits = gates.slaWaits();
    if (waits.isEmpty()) {
      return "";
    }
    return "waiting for the SLA: " + waits.entrySet().stream()
        .map(e -> "instance " + e.getKey() + ": " + e.getValue().status() + " (next check "
            + e.getValue().nextCheck() + ")")
        .collect(Collectors.joining("; "));
  }

  private static String trim(Double value) {
    return value == null ? "0" : value == Math.rint(value) ? Long.toString(value.longValue()) : value.toString();
  }
}
