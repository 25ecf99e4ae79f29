package dev.aurora.mesos;

import dev.aurora.backend.JobKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many active tasks of each job sit on each attribute value, for Aurora's {@code limit:N} constraints (the
 * default {@code host: limit:1} spreads a job's instances one per host).
 */
final class JobSpread {
  private final Map<JobKey, Map<String, Integer>> counts = new HashMap<>();

  void add(JobKey job, Map<String, Set<String>> hostAttributes) {
    adjust(job, hostAttributes, 1);
  }

  void remove(JobKey job, Map<String, Set<String>> hostAttributes) {
    adjust(job, hostAttributes, -1);
  }

  int count(JobKey job, String attribute, String value) {
    Map<String, Integer> perJob = counts.get(job);
    return perJob == null ? 0 : perJob.getOrDefault(key(attribute, value), 0);
  }

  private void adjust(JobKey job, Map<String, Set<String>> hostAttributes, int delta) {
    Map<String, Integer> perJob = counts.computeIfAbsent(job, k -> new HashMap<>());
    hostAttributes.forEach((attribute, values) -> {
      for (String value : values) {
        perJob.merge(key(attribute, value), delta, (a, b) -> a + b == 0 ? null : a + b);
      }
    });
    if (perJob.isEmpty()) {
      counts.remove(job);
    }
  }

  private static String key(String attribute, String value) {
    return attribute + '\u0000' + value;
  }
}
