package dev.aurora.operator.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records kept in a map, for driving a {@link SchedulingCore} in unit tests without an API server; the store against a
 * real API server is tested in {@code AuroraJobStateStoreTest}. {@link #failWrites} makes saves throw, as an
 * unreachable API server would.
 */
final class InMemoryJobRecordStore implements JobRecordStore {
  private final Map<JobRef, JobRecord> saved = new LinkedHashMap<>();
  private volatile boolean failWrites;
  private int writes;
  /** The config of every task any saved record held. */
  private final Map<String, String> configs = new java.util.HashMap<>();

  @Override
  public synchronized List<JobRecord> loadAll() {
    return new ArrayList<>(saved.values());
  }

  @Override
  public synchronized void save(JobRecord previous, JobRecord next) {
    if (failWrites) {
      throw new IllegalStateException("the store is unreachable (test)");
    }
    writes++;
    saved.put(next.ref(), next);
    next.tasks().forEach(t -> configs.put(t.taskId(), t.config()));
  }

  @Override
  public synchronized void delete(JobRef ref) {
    saved.remove(ref);
  }

  synchronized JobRecord saved(JobRef ref) {
    return saved.get(ref);
  }

  synchronized String configOf(String taskId) {
    return configs.get(taskId);
  }

  synchronized int writes() {
    return writes;
  }

  void failWrites(boolean fail) {
    failWrites = fail;
  }
}
