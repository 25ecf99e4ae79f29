package dev.aurora.operator.reconciler;

import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.InstanceRanges;
import dev.aurora.crd.v1alpha1.UpdateControl;
import dev.aurora.operator.scheduling.JobControls;

/** Reads the day-2 fields of an AuroraJob's spec into what the scheduling core takes. */
final class SpecControls {
  private SpecControls() {
  }

  /** The spec's controls; throws IllegalArgumentException naming the field for instance ranges that do not parse. */
  static JobControls of(AuroraJobSpec spec) {
    UpdateControl update = spec.getUpdate() == null ? new UpdateControl() : spec.getUpdate();
    return new JobControls(InstanceRanges.parse(spec.getRestartInstances(), "spec.restartInstances"),
        InstanceRanges.parse(spec.getKilledInstances(), "spec.killedInstances"),
        Boolean.TRUE.equals(update.getPaused()), update.getResume(), update.getPulse(), update.getAbort());
  }
}
