package dev.aurora.operator.scheduling;

import dev.aurora.dsl.model.UpdateSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One rolling update (or its rollback) in the scheduler's record, with its progress: everything needed to carry it on
 * after a restart.
 *
 * @param rollback whether this undoes a failed update
 * @param order the instances to update, in update order (creates, then replacements, then removals; reversed for a
 *     rollback)
 * @param targets instance id to the config it must end on; an id missing here is removed
 * @param originals instance id to the config it ran before the update (missing: it did not exist): what a rollback
 *     returns to
 * @param started how many of {@code order} have been started (the next to start is {@code order.get(started)})
 * @param inFlight instances being updated now
 * @param taskFailures failed tasks on the target config, per instance (only instances with failures)
 * @param batches how many batches have been started (batch strategies)
 * @param gates what holds the update besides its progress: a pause it put itself in, pulses, SLA waits
 */
public record UpdateRecord(boolean rollback, UpdateState state, String fromConfig, String toConfig,
                           UpdateSpec settings, List<Integer> order, Map<Integer, String> targets,
                           Map<Integer, String> originals, int started, SortedSet<Integer> inFlight,
                           SortedSet<Integer> updated, SortedSet<Integer> failed, Map<Integer, Integer> taskFailures,
                           int batches, Instant startedAt, Instant finishedAt, String message, UpdateGates gates) {
  public UpdateRecord {
    order = List.copyOf(order);
    targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    originals = Collections.unmodifiableMap(new TreeMap<>(originals));
    inFlight = Collections.unmodifiableSortedSet(new TreeSet<>(inFlight));
    updated = Collections.unmodifiableSortedSet(new TreeSet<>(updated));
    failed = Collections.unmodifiableSortedSet(new TreeSet<>(failed));
    taskFailures = Collections.unmodifiableMap(new TreeMap<>(taskFailures));
    message = message == null ? "" : message;
    gates = gates == null ? UpdateGates.NONE : gates;
  }

  static UpdateRecord start(boolean rollback, String from, String to, UpdateSpec settings, List<Integer> order,
                            Map<Integer, String> targets, Map<Integer, String> originals, Instant now) {
    return new UpdateRecord(rollback, rollback ? UpdateState.ROLLING_BACK : UpdateState.ROLLING_FORWARD, from, to,
        settings, order, targets, originals, 0, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), Map.of(), 0, now,
        null, "", UpdateGates.NONE);
  }

  boolean inProgress() {
    return state.inFlight();
  }

  /** Whether the update drives this instance now (the ordinary rescheduling rules do not apply to it). */
  boolean controls(int instanceId) {
    return state.inFlight() && inFlight.contains(instanceId);
  }

  /** The config the instance must end on, or null when the update removes it. */
  String targetOf(int instanceId) {
    return targets.get(instanceId);
  }

  /**
   * The update's id, as {@code status.update.id} shows it and {@code spec.update.abort} names it: the config it moves
   * to and when it started, which no other update of the job shares.
   */
  public String id() {
    return (toConfig == null ? "none" : toConfig.substring(0, Math.min(12, toConfig.length()))) + "-"
        + startedAt.toEpochMilli();
  }

  UpdateView view() {
    return new UpdateView(id(), state, fromConfig, toConfig, updated.size(), order.size(), List.copyOf(failed),
        startedAt, finishedAt, message);
  }

  UpdateRecord with(int newStarted, SortedSet<Integer> newInFlight, SortedSet<Integer> newUpdated,
                    SortedSet<Integer> newFailed, Map<Integer, Integer> newTaskFailures, int newBatches) {
    return new UpdateRecord(rollback, state, fromConfig, toConfig, settings, order, targets, originals, newStarted,
        newInFlight, newUpdated, newFailed, newTaskFailures, newBatches, startedAt, finishedAt, message, gates);
  }

  /** The same progress in another in-flight state (paused, awaiting a pulse, rolling) with its message and gates. */
  UpdateRecord held(UpdateState newState, String newMessage, UpdateGates newGates) {
    return new UpdateRecord(rollback, newState, fromConfig, toConfig, settings, order, targets, originals, started,
        inFlight, updated, failed, taskFailures, batches, startedAt, finishedAt, newMessage, newGates);
  }

  UpdateRecord withGates(UpdateGates newGates) {
    return held(state, message, newGates);
  }

  UpdateRecord finished(UpdateState end, Instant now, String why) {
    return new UpdateRecord(rollback, end, fromConfig, toConfig, settings, order, targets, originals, started,
        new TreeSet<>(), updated, failed, taskFailures, batches, startedAt, end.inFlight() ? null : now, why,
        gates.slaWaits().isEmpty() ? gates : new UpdateGates(gates.autoPausedToken(), gates.autoPausedBatches(),
            gates.lastPulse(), Map.of()));
  }
}
