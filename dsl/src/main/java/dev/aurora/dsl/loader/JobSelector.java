package dev.aurora.dsl.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks the job a key names out of a file's {@code jobs}, with the error texts of Aurora's {@code AuroraConfig.pick}.
 *
 * <p>One deliberate difference: a job that defines no environment matches the key's environment (and the
 * evaluator then gives it that environment). The Aurora tutorial's {@code hello_world.aurora} omits the
 * environment and is submitted as {@code cluster1/$USER/test/hello_world}; Aurora itself refused that file.
 */
public final class JobSelector {
  private JobSelector() {}

  /** Index of the chosen job in {@code candidates} (their keys, interpolated; environment null when unset). */
  public static int select(List<JobKey> candidates, JobKey wanted) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("No job defined in this config!");
    }
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (matches(candidates.get(i), wanted)) {
        matches.add(i);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    StringBuilder message = new StringBuilder();
    if (matches.isEmpty()) {
      message.append("Could not find job ").append(wanted).append('\n');
      for (JobKey candidate : candidates) {
        if (candidate.environment() == null) {
          message.append("Job ").append(candidate).append(" in configuration file doesn't specify an environment\n");
        }
      }
    } else {
      message.append("Multiple jobs match, please disambiguate by specifying a job key.\n");
    }
    message.append("Candidates are:");
    for (JobKey candidate : candidates) {
      message.append("\n  ").append(candidate);
    }
    throw new IllegalArgumentException(message.toString());
  }

  private static boolean matches(JobKey job, JobKey wanted) {
    return Objects.equals(job.name(), wanted.name())
        && (wanted.cluster() == null || wanted.cluster().equals(job.cluster()))
        && (wanted.role() == null || wanted.role().equals(job.role()))
        && (wanted.environment() == null || job.environment() == null
            || wanted.environment().equals(job.environment()));
  }
}
