package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters for the metrics endpoint and benchmarks. */
public final class CoreStats {
  public final AtomicLong launched = new AtomicLong();
  public final AtomicLong killed = new AtomicLong();
  public final AtomicLong recordWrites = new AtomicLong();
  public final AtomicLong recordWriteFailures = new AtomicLong();
  public final AtomicLong acknowledged = new AtomicLong();
  public final AtomicLong illegalTransitions = new AtomicLong();
  /** SLA coordinators asked, and how many of them said no (or did not answer). */
  public final AtomicLong coordinatorChecks = new AtomicLong();
  public final AtomicLong coordinatorRefusals = new AtomicLong();
  private final Map<String, AtomicLong> holds = new ConcurrentHashMap<>();
  private final Map<TaskState, AtomicLong> ended = new ConcurrentHashMap<>();
  private final Map<UpdateState, AtomicLong> updates = new ConcurrentHashMap<>();

  void countEnd(TaskState state) {
    ended.computeIfAbsent(state, s -> new AtomicLong()).incrementAndGet();
  }

  void countUpdate(UpdateState state) {
    updates.computeIfAbsent(state, s -> new AtomicLong()).incrementAndGet();
  }

  /** An update was held: UpdatePaused, UpdateAwaitingPulse, UpdateSlaWait. */
  void countHold(String reason) {
    holds.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }

  /** How often updates were held, by the Event reason that said so. */
  public Map<String, Long> updateHolds() {
    Map<String, Long> out = new java.util.TreeMap<>();
    holds.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public Map<TaskState, Long> endedTasks() {
    Map<TaskState, Long> out = new EnumMap<>(TaskState.class);
    ended.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public Map<UpdateState, Long> updateOutcomes() {
    Map<UpdateState, Long> out = new EnumMap<>(UpdateState.class);
    updates.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
