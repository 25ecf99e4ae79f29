package dev.aurora.operator.scheduling;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What holds an update beyond its own progress, kept in the record so that an operator restart carries on in the same
 * state (a paused update stays paused, the last pulse keeps its time, an SLA wait its backoff).
 *
 * @param autoPausedToken when the update paused itself after a batch ({@code autopause_after_batch}): the value
 *     {@code spec.update.resume} had then; any other value resumes it. Null when it did not pause itself.
 * @param autoPausedBatches how many batches had been started when it last paused itself (each barrier pauses once)
 * @param lastPulse when the operator last saw a new {@code spec.update.pulse} during this update; null: never
 * @param slaWaits instance id to its task's wait for the SLA policy (SLA-aware updates)
 */
public record UpdateGates(String autoPausedToken, int autoPausedBatches, Instant lastPulse,
                          Map<Integer, SlaWait> slaWaits) {
  public static final UpdateGates NONE = new UpdateGates(null, 0, null, Map.of());

  public UpdateGates {
    slaWaits = Collections.unmodifiableMap(new TreeMap<>(slaWaits));
  }

  UpdateGates autoPaused(String token, int batches) {
    return new UpdateGates(token, batches, lastPulse, slaWaits);
  }

  UpdateGates resumed() {
    return new UpdateGates(null, autoPausedBatches, lastPulse, slaWaits);
  }

  UpdateGates pulsed(Instant at) {
    return new UpdateGates(autoPausedToken, autoPausedBatches, at, slaWaits);
  }

  UpdateGates withSlaWait(int instanceId, SlaWait wait) {
    Map<Integer, SlaWait> next = new TreeMap<>(slaWaits);
    if (wait == null) {
      next.remove(instanceId);
    } else {
      next.put(instanceId, wait);
    }
    return new UpdateGates(autoPausedToken, autoPausedBatches, lastPulse, next);
  }
}
