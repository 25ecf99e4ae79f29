package dev.aurora.operator.scheduling;

import java.util.List;

/**
 * Where job records are made durable. The scheduling core writes a record before it carries out what the record's
 * last transitions asked for and before it acknowledges the task updates that led there, so what it wrote is all a
 * restarted core needs.
 */
public interface JobRecordStore {
  /** Every stored record. */
  List<JobRecord> loadAll();

  /**
   * Makes {@code next} durable. {@code previous} is the record as last saved (null if none was), so an implementation
   * can write only what changed. Throws when the write did not happen; the caller keeps the changes and tries again.
   */
  void save(JobRecord previous, JobRecord next);

  /** Removes a job's record (its tasks are all dead). */
  void delete(JobRef ref);
}
