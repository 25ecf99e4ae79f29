package dev.aurora.crd.v1alpha1;

/** The one-word summary shown by {@code kubectl get aj}. */
public enum AuroraJobPhase {
  /** Accepted, instances not yet running. */
  Pending,
  /** All desired instances are running (services) or still working (batch). */
  Running,
  /** A rolling update (or restart) is in progress. */
  Updating,
  /** A batch job whose instances all finished successfully. */
  Succeeded,
  /** Instances failed beyond max_task_failures, or an update failed without rollback. */
  Failed,
  /** The source did not evaluate to a valid job; running instances of the previous valid spec are left alone. */
  Invalid,
  /** The resource is being deleted and its tasks are being killed. */
  Killing
}
