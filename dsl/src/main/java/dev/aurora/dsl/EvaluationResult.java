package dev.aurora.dsl;

import dev.aurora.dsl.model.JobSpec;
import java.util.List;

/** Either the evaluated jobs (in {@code jobs} order, or the one selected) or why the config was refused. */
public record EvaluationResult(List<JobSpec> jobs, ConfigError error) {

  public EvaluationResult {
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
  }

  public static EvaluationResult success(List<JobSpec> jobs) {
    return new EvaluationResult(jobs, null);
  }

  public static EvaluationResult failure(ConfigError error) {
    return new EvaluationResult(List.of(), error);
  }

  public boolean ok() {
    return error == null;
  }
}
