package dev.aurora.backend;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Aurora-style task ids: {@code <role>-<env>-<name>-<instance>-<uuid>}, every character outside {@code [\w-]}
 * replaced by {@code -} (AURORA.md §6.5), so the id is usable as a Mesos task id, executor id suffix and directory.
 */
public final class TaskIds {
  private static final Pattern UNSAFE = Pattern.compile("[^\\w-]");

  private TaskIds() {
  }

  public static String newTaskId(JobKey job, int instanceId) {
    return newTaskId(job, instanceId, UUID.randomUUID());
  }

  public static String newTaskId(JobKey job, int instanceId, UUID uuid) {
    if (instanceId < 0) {
      throw new IllegalArgumentException("instance id must be >= 0, got " + instanceId);
    }
    String raw = job.role() + "-" + job.environment() + "-" + job.name() + "-" + instanceId + "-" + uuid;
    return UNSAFE.matcher(raw).replaceAll("-");
  }
}
