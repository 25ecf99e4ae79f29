package dev.aurora.operator.evaluation;

import dev.aurora.dsl.model.JobSpec;
import java.util.List;

/** The jobs an evaluation resolved (in the file's {@code jobs} order, or the one selected), or why there are none. */
public record EvaluationOutcome(List<JobSpec> jobs, EvaluationFailure failure) {

  public EvaluationOutcome {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    if (failure != null && !jobs.isEmpty()) {
      throw new IllegalArgumentException("an evaluation either resolves jobs or fails, not both");
    }
  }

  public static EvaluationOutcome success(List<JobSpec> jobs) {
    return new EvaluationOutcome(jobs, null);
  }

  public static EvaluationOutcome failed(EvaluationFailure failure) {
    return new EvaluationOutcome(List.of(), failure);
  }

  public static EvaluationOutcome failed(EvaluationFailure.Kind kind, String message) {
    return failed(EvaluationFailure.of(kind, message));
  }

  public boolean ok() {
    return failure == null;
  }
}
