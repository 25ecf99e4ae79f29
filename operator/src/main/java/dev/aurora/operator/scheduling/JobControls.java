package dev.aurora.operator.scheduling;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the AuroraJob's spec says about its instances and its update beyond the config (the day-2 verbs of
 * {@code kubectl aurora}, AuroraJobSpec's restartInstances, killedInstances and update fields). The record keeps the
 * last one applied, so a token (resume, pulse) counts as a command only when it differs from the one seen before.
 *
 * @param restartInstances the instances a new restart nonce restarts; empty: all of them
 * @param killedInstances instances killed on request that stay down until they leave this set
 * @param updatePaused hold the update in flight (and any that starts)
 * @param updateResume token; a new value resumes an update that paused itself after a batch
 * @param updatePulse token; a new value is a pulse
 * @param updateAbort the id of an update to abort ("" for none)
 */
public record JobControls(SortedSet<Integer> restartInstances, SortedSet<Integer> killedInstances,
                          boolean updatePaused, String updateResume, String updatePulse, String updateAbort) {
  public static final JobControls NONE = new JobControls(new TreeSet<>(), new TreeSet<>(), false, "", "", "");

  public JobControls {
    restartInstances = Collections.unmodifiableSortedSet(new TreeSet<>(restartInstances));
    killedInstances = Collections.unmodifiableSortedSet(new TreeSet<>(killedInstances));
    updateResume = updateResume == null ? "" : updateResume;
    updatePulse = updatePulse == null ? "" : updatePulse;
    updateAbort = updateAbort == null ? "" : updateAbort;
  }
}
