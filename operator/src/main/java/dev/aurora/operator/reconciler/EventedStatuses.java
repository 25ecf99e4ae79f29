package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status each AuroraJob's Events were last worked out against, so that a change is announced once. The resource a
 * reconcile gets may still carry the status from before the previous reconcile's patch (two reconciles in quick
 * succession): diffing against it would announce the same change twice. Kept per uid in memory; a restarted operator
 * starts from the resource's own status.
 */
final class EventedStatuses {
  private final Map<String, AuroraJobStatus> byUid = new ConcurrentHashMap<>();

  /** The Events from what was last announced (else the resource's status) to {@code next}, which is now that. */
  List<StatusEvents.StatusEvent> advance(AuroraJob job, AuroraJobStatus next) {
    String uid = job.getMetadata().getUid();
    AuroraJobStatus before = uid == null ? job.getStatus() : byUid.getOrDefault(uid, job.getStatus());
    if (uid != null) {
      byUid.put(uid, next);
    }
    return StatusEvents.between(before, next);
  }

  /** The resource is gone. */
  void forget(AuroraJob job) {
    String uid = job.getMetadata().getUid();
    if (uid != null) {
      byUid.remove(uid);
    }
  }
}
