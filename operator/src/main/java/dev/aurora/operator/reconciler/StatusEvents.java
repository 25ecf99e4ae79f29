package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.crd.v1alpha1.UpdateStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Kubernetes Events a status change is worth: invalid configs, launches, task failures, update progress. A pure
 * function of the two statuses; the reconciler records what it returns.
 */
final class StatusEvents {
  /** One Event to record on the AuroraJob. */
  record StatusEvent(boolean warning, String reason, String message) {}

  private static final Set<String> FAILED = Set.of("FAILED", "LOST");

  private StatusEvents() {
  }

  static List<StatusEvent> between(AuroraJobStatus old, AuroraJobStatus next) {
    List<StatusEvent> events = new ArrayList<>();
    boolean wasInvalid = old != null && old.phase() == AuroraJobPhase.Invalid;
    if (next.phase() == AuroraJobPhase.Invalid && (!wasInvalid || !Objects.equals(old.message(), next.message()))) {
      events.add(new StatusEvent(true, "InvalidConfig", next.message()));
    } else if (wasInvalid && next.phase() != AuroraJobPhase.Invalid) {
      events.add(new StatusEvent(false, "ConfigValid", "the source evaluates again to job " + next.jobKey()));
    }
    Map<Integer, InstanceStatus> before = new HashMap<>();
    if (old != null && old.tasks() != null) {
      old.tasks().forEach(t -> before.put(t.id(), t));
    }
    // One Launched event per status change, naming every new task: an event per task cost one API call each,
    // which was the largest share of a reconcile's time when 1,000 jobs started at once (OperatorScaleBenchmark).
    List<String> launched = new ArrayList<>();
    for (InstanceStatus task : next.tasks() == null ? List.<InstanceStatus>of() : next.tasks()) {
      InstanceStatus was = before.get(task.id());
      boolean newTask = task.taskId() != null && (was == null || !task.taskId().equals(was.taskId()));
      if (newTask) {
        launched.add("instance " + task.id() + ": task " + task.taskId());
      }
      boolean failedNow = FAILED.contains(task.state()) && (newTask || was == null
          || !task.state().equals(was.state()));
      if (failedNow) {
        events.add(new StatusEvent(true, "Task" + capitalised(task.state()), "instance " + task.id() + ": task "
            + task.taskId() + (task.message() == null ? "" : ": " + task.message())));
      }
    }
    if (launched.size() == 1) {
      events.add(new StatusEvent(false, "Launched", launched.get(0)));
    } else if (!launched.isEmpty()) {
      events.add(new StatusEvent(false, "Launched", launched.size() + " tasks: " + String.join("; ", launched)));
    }
    UpdateStatus update = next.update();
    UpdateStatus previous = old == null ? null : old.update();
    if (update != null && (previous == null || !Objects.equals(previous.state(), update.state())
        || !Objects.equals(previous.toSpecHash(), update.toSpecHash()))) {
      boolean bad = update.state().equals("ROLLING_BACK") || update.state().startsWith("ROLL_BACK_")
          || update.state().equals("ROLLED_BACK") || update.state().equals("FAILED");
      String message = update.state() + " " + update.instancesUpdated() + "/" + update.instancesTotal()
          + " instances" + (update.message() == null ? "" : ": " + update.message());
      events.add(new StatusEvent(bad, "Update" + capitalised(update.state()), message));
    } else if (update != null && waitsForSla(update) && !waitsForSla(previous)) {
      // An SLA-aware update keeps its state while it waits; the wait is news of its own.
      events.add(new StatusEvent(false, "UpdateSlaWait", update.message()));
    }
    return events;
  }

  private static boolean waitsForSla(UpdateStatus update) {
    return update != null && update.message() != null && update.message().startsWith("waiting for the SLA");
  }

  private static String capitalised(String state) {
    StringBuilder out = new StringBuilder();
    for (String part : state.toLowerCase(Locale.ROOT).split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }
}
