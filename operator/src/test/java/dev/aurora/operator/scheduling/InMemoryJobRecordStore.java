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
  }

  @Override
  public synchronized void delete(JobRef ref) {
    saved.remove(ref);
  }

  synchronized JobRecord saved(JobRef ref) {
    return saved.get(ref);
  }

  synchronized int writes() {
    return writes;
  }

  void failWrites(boolean fail) {
    failWrites = fail;
  }
}
