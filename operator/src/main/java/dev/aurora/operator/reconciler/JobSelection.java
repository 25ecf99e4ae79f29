package dev.aurora.operator.reconciler;

import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.evaluation.EvaluationOutcome;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks the one job an AuroraJob runs out of what its source evaluated to: the operator runs one Aurora cluster, so
 * jobs for other clusters are never run, the role must be one the namespace may use, and what the job asks of the
 * executor (its {@code announce}) must be something this operator's executors can do. Either a job, the reason the
 * resource is Invalid, or why the evaluator could not answer at all.
 */
record JobSelection(JobSpec job, String invalidReason, String unavailableReason) {

  static JobSelection of(EvaluationOutcome outcome, String cluster, String namespace, NamespacePolicy policy,
                         AdmissionSettings admission, AnnounceAdmission announce) {
    if (!outcome.ok() && outcome.failure().transientFailure()) {
      // Nothing is known about the config: the evaluator itself failed. Not the user's fault, so not Invalid.
      return new JobSelection(null, null, outcome.failure().render());
    }
    if (!outcome.ok()) {
      return invalid(outcome.failure().render());
    }
    List<JobSpec> jobs = outcome.jobs();
    List<JobSpec> ours = jobs.stream().filter(j -> cluster.equals(j.key().cluster())).toList();
    if (ours.isEmpty()) {
      return invalid(jobs.isEmpty() ? "the file defines no jobs"
          : "no job for cluster '" + cluster + "', which this operator runs; the file has " + keys(jobs));
    }
    if (ours.size() > 1) {
      return invalid("the file has " + ours.size() + " jobs for cluster '" + cluster + "' (" + keys(ours)
          + "); set spec.job to the one to run");
    }
    JobSpec job = ours.get(0);
    if (!policy.allows(namespace, job.key().role())) {
      return invalid("role '" + job.key().role() + "' may not be used in namespace '" + namespace + "' (allowed: "
          + String.join(", ", policy.rolesFor(namespace)) + ")");
    }
    String refusal = FieldAdmission.refusal(job, admission);
    if (refusal == null) {
      refusal = announce.refusal(job);
    }
    if (refusal != null) {
      return invalid(job.key() + ": " + refusal);
    }
    return new JobSelection(job, null, null);
  }

  static JobSelection invalid(String reason) {
    return new JobSelection(null, reason, null);
  }

  private static String keys(List<JobSpec> jobs) {
    return jobs.stream().map(j -> j.key().toString()).collect(Collectors.joining(", "));
  }

  boolean valid() {
    return job != null;
  }

  /** The evaluator could not be asked (no worker free, sidecar unreachable): try again later, change nothing. */
  boolean evaluatorUnavailable() {
    return unavailableReason != null;
  }
}
