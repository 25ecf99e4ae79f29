package dev.aurora.operator.reconciler;

import dev.aurora.backend.TaskState;
import dev.aurora.crd.v1alpha1.AuroraJobCondition;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.crd.v1alpha1.UpdateStatus;
import dev.aurora.operator.scheduling.InstanceView;
import dev.aurora.operator.scheduling.JobSnapshot;
import dev.aurora.operator.scheduling.UpdateView;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what the scheduling core sees of a job into the AuroraJob status. Pure: the same inputs give an equal
 * status, so the reconciler can skip the write when nothing changed, and a condition keeps its lastTransitionTime
 * unless its status flips.
 */
final class StatusProjector {
  private static final Set<String> SETTLING = Set.of("PENDING", "THROTTLED", "ASSIGNED", "STARTING");

  private StatusProjector() {
  }

  /**
   * @param snapshot the core's picture, or null when the job never had a valid config
   * @param invalidReason why the current spec is Invalid, or null when it is valid
   */
  static AuroraJobStatus project(long generation, JobSnapshot snapshot, String invalidReason, AuroraJobStatus old,
                                 Instant now) {
    List<InstanceView> instances = snapshot == null ? List.of() : snapshot.instances();
    Map<String, Integer> counts = new TreeMap<>();
    instances.forEach(i -> counts.merge(i.state(), 1, Integer::sum));
    int desired = snapshot == null ? 0 : snapshot.desiredInstances();
    int running = counts.getOrDefault(TaskState.RUNNING.name(), 0);
    UpdateView update = snapshot == null ? null : snapshot.update();
    boolean updating = update != null && update.state().inFlight();
    boolean settling = instances.stream().anyMatch(i -> SETTLING.contains(i.state()));

    AuroraJobPhase phase;
    String message;
    if (snapshot != null && snapshot.killing()) {
      phase = AuroraJobPhase.Killing;
      message = "killing " + (instances.size() - terminal(instances)) + " task(s) before the AuroraJob is deleted";
    } else if (invalidReason != null) {
      phase = AuroraJobPhase.Invalid;
      message = invalidReason;
    } else if (updating) {
      phase = AuroraJobPhase.Updating;
      // A held update (paused, awaiting a pulse, waiting for the SLA) says why in its message.
      message = update.state() + ": " + update.instancesUpdated() + "/" + update.instancesTotal()
          + " instances updated" + (update.message().isEmpty() ? "" : "; " + update.message());
    } else if (update != null && update.state() == UpdateState.FAILED && !snapshot.cron()) {
      phase = AuroraJobPhase.Failed;
      message = "update failed: " + update.message();
    } else if (!snapshot.service() && snapshot.failedForGood() > 0 && running == 0 && !settling) {
      phase = AuroraJobPhase.Failed;
      message = snapshot.failedForGood() + " instance(s) failed after max_task_failures";
    } else if (!snapshot.service() && desired > 0 && snapshot.finished() == desired) {
      phase = AuroraJobPhase.Succeeded;
      message = "all " + desired + " instance(s) finished" + nextRun(snapshot);
    } else if (snapshot.cron() && running == 0 && !settling) {
      phase = AuroraJobPhase.Pending;
      message = "waiting for the cron schedule" + nextRun(snapshot);
    } else if (running >= desired && !settling) {
      phase = AuroraJobPhase.Running;
      message = running + "/" + desired + " instances running";
    } else {
      phase = running > 0 ? AuroraJobPhase.Running : AuroraJobPhase.Pending;
      message = running + "/" + desired + " instances running";
    }

    List<AuroraJobCondition> conditions = new ArrayList<>();
    conditions.add(condition(old, generation, now, "ConfigValid", invalidReason == null,
        invalidReason == null ? "Evaluated" : "InvalidConfig",
        invalidReason == null ? "the source evaluated to job " + (snapshot == null ? "" : snapshot.jobKey())
            : invalidReason));
    boolean available = snapshot != null && (snapshot.service() ? desired > 0 && running >= desired
        : phase == AuroraJobPhase.Succeeded || phase == AuroraJobPhase.Running);
    conditions.add(condition(old, generation, now, "Available", available,
        available ? "InstancesAvailable" : "InstancesNotAvailable", running + "/" + desired + " instances running"));
    boolean progressing = updating || settling || phase == AuroraJobPhase.Killing;
    conditions.add(condition(old, generation, now, "Progressing", progressing,
        updating ? "Updating" : settling ? "InstancesStarting" : phase == AuroraJobPhase.Killing ? "Killing"
            : "Stable", updating ? message : settling ? "instances are being scheduled" : "nothing in flight"));
    String degraded = degradedReason(invalidReason, snapshot, update, counts);
    conditions.add(condition(old, generation, now, "Degraded", degraded != null,
        degraded == null ? "Healthy" : degraded.substring(0, degraded.indexOf(':')),
        degraded == null ? "no failures" : degraded.substring(degraded.indexOf(':') + 2)));

    List<InstanceView> listed = new ArrayList<>(instances);
    // Instances that need attention first (anything not RUNNING), then by id.
    listed.sort(Comparator.comparing((InstanceView i) -> i.state().equals("RUNNING")).thenComparing(
        InstanceView::id));
    int omitted = Math.max(0, listed.size() - AuroraJobStatus.MAX_LISTED_TASKS);
    // A task adopted after a restart is known to the backend by id and state only (Mesos reconciliation names the
    // agent, not its host, and not the ports): where it runs stays what the status already said.
    Map<String, InstanceStatus> known = new java.util.HashMap<>();
    if (old != null && old.tasks() != null) {
      old.tasks().forEach(t -> {
        if (t.taskId() != null) {
          known.put(t.taskId(), t);
        }
      });
    }
    List<InstanceStatus> tasks = listed.stream().limit(AuroraJobStatus.MAX_LISTED_TASKS)
        .map(view -> instance(view, known.get(view.taskId()))).toList();

    String jobKey = snapshot != null ? snapshot.jobKey() : old == null ? null : old.jobKey();
    return new AuroraJobStatus(generation, phase, jobKey, snapshot == null ? null : snapshot.configHash(),
        snapshot == null ? null : desired, counts.isEmpty() ? null : counts, tasks.isEmpty() ? null : tasks,
        omitted == 0 ? null : omitted, update == null ? null : update(update), conditions, message,
        snapshot == null || snapshot.nextCronRun() == null ? null : snapshot.nextCronRun().toString());
  }

  /**
   * The status while the evaluator cannot be asked: what the core runs is described as usual (from the last valid
   * config, if any), ConfigValid is Unknown with reason EvaluatorUnavailable, and observedGeneration stays at the
   * generation last evaluated, so nobody takes the new spec for applied.
   */
  static AuroraJobStatus evaluatorUnavailable(long generation, JobSnapshot snapshot, String reason,
                                              AuroraJobStatus old, Instant now) {
    AuroraJobStatus base = snapshot != null ? project(generation, snapshot, null, old, now) : old;
    String message = "the config evaluator is unavailable: " + reason;
    List<AuroraJobCondition> conditions = new ArrayList<>();
    if (base != null && base.conditions() != null) {
      base.conditions().stream().filter(c -> !c.type().equals("ConfigValid")).forEach(conditions::add);
    }
    String since = now.toString();
    AuroraJobCondition previous = old == null || old.conditions() == null ? null : old.conditions().stream()
        .filter(c -> c.type().equals("ConfigValid") && c.status().equals("Unknown")).findFirst().orElse(null);
    if (previous != null && previous.lastTransitionTime() != null) {
      since = previous.lastTransitionTime();
    }
    conditions.add(0, new AuroraJobCondition("ConfigValid", "Unknown", generation, since, "EvaluatorUnavailable",
        message.length() > 32768 ? message.substring(0, 32765) + "..." : message));
    if (base == null) {
      return new AuroraJobStatus(null, AuroraJobPhase.Pending, null, null, null, null, null, null, null, conditions,
          message, null);
    }
    return new AuroraJobStatus(old == null ? null : old.observedGeneration(), base.phase(), base.jobKey(),
        base.specHash(), base.instances(), base.counts(), base.tasks(), base.omittedTasks(), base.update(),
        conditions, snapshot == null ? message : base.message(), base.nextRun());
  }

  /** The reason of a condition of {@code status}, or null. */
  static String conditionReason(AuroraJobStatus status, String type) {
    if (status.conditions() == null) {
      return null;
    }
    return status.conditions().stream().filter(c -> c.type().equals(type)).map(AuroraJobCondition::reason)
        .findFirst().orElse(null);
  }

  private static String degradedReason(String invalidReason, JobSnapshot snapshot, UpdateView update,
                                       Map<String, Integer> counts) {
    if (invalidReason != null) {
      return snapshot == null ? "InvalidConfig: the source does not evaluate to a job"
          : "InvalidConfig: instances keep running the last valid config";
    }
    if (update != null && (update.state() == UpdateState.ROLLED_BACK || update.state() == UpdateState.FAILED
        || update.state() == UpdateState.ROLLING_BACK || update.state() == UpdateState.ROLL_BACK_PAUSED
        || update.state() == UpdateState.ROLL_BACK_AWAITING_PULSE)) {
      return "UpdateFailed: " + update.message();
    }
    if (snapshot != null && snapshot.failedForGood() > 0) {
      return "InstancesFailed: " + snapshot.failedForGood() + " instance(s) failed after max_task_failures";
    }
    if (counts.getOrDefault(TaskState.THROTTLED.name(), 0) > 0) {
      return "InstancesFlapping: " + counts.get(TaskState.THROTTLED.name())
          + " instance(s) throttled after restarting too often";
    }
    return null;
  }

  private static AuroraJobCondition condition(AuroraJobStatus old, long generation, Instant now, String type,
                                              boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since = now.toString();
    if (old != null && old.conditions() != null) {
      for (AuroraJobCondition c : old.conditions()) {
        if (c.type().equals(type) && c.status().equals(value) && c.lastTransitionTime() != null) {
          since = c.lastTransitionTime(); // only a flip of status moves the transition time
        }
      }
    }
    String bounded = message.length() > 32768 ? message.substring(0, 32765) + "..." : message;
    return new AuroraJobCondition(type, value, generation, since, reason, bounded);
  }

  private static InstanceStatus instance(InstanceView view, InstanceStatus before) {
    String host = view.host() == null && before != null ? before.host() : view.host();
    Map<String, Integer> ports = view.ports().isEmpty() ? before == null ? null : before.ports()
        : new TreeMap<>(view.ports());
    String sandbox = view.sandbox() == null && before != null ? before.sandbox() : view.sandbox();
    return new InstanceStatus(view.id(), view.taskId(), view.state(), host, ports, view.failures(),
        view.message().isEmpty() ? null : view.message(), view.since() == null ? null : view.since().toString(),
        sandbox);
  }

  private static UpdateStatus update(UpdateView view) {
    return new UpdateStatus(view.id(), view.state().name(), view.fromConfig(), view.toConfig(), view.instancesUpdated(),
        view.instancesTotal(), view.failedInstances().isEmpty() ? null : view.failedInstances(),
        view.startedAt().toString(), view.finishedAt() == null ? null : view.finishedAt().toString(),
        view.message().isEmpty() ? null : view.message());
  }

  private static int terminal(List<InstanceView> instances) {
    return (int) instances.stream().filter(i -> TaskState.valueOf(i.state()).isTerminal()).count();
  }

  private static String nextRun(JobSnapshot snapshot) {
    return snapshot.nextCronRun() == null ? "" : "; next cron run " + snapshot.nextCronRun();
  }
}
