package dev.aurora.operator.scheduling;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.TaskIds;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aurora-style task ids ({@code <role>-<env>-<name>-<instance>-<uuid>}) whose UUID starts with the first 32 bits of the
 * task's config hash. The id is all a backend reports after an operator restart, so this is how the restarted operator
 * tells which job, instance and config each surviving task belongs to without any other store.
 */
final class ConfigTaskIds {
  static final int HASH_PREFIX = 8;
  private static final Pattern TAIL = Pattern.compile(
      "-(\\d+)-([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConfigTaskIds() {
  }

  static String newTaskId(JobKey key, int instanceId, String configHash) {
    long prefix = Long.parseLong(configHash.substring(0, HASH_PREFIX), 16);
    long msb = (prefix << 32) | (RANDOM.nextLong() & 0xffff0fffL) | 0x4000L; // version 4 nibble kept
    long lsb = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return TaskIds.newTaskId(key, instanceId, new UUID(msb, lsb));
  }

  /** The id's job part ({@code role-env-name}, as sanitised in the id), instance and config hash prefix. */
  record Parsed(String jobPrefix, int instanceId, String configPrefix) {}

  static Optional<Parsed> parse(String taskId) {
    Matcher m = TAIL.matcher(taskId);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Parsed(taskId.substring(0, m.start()), Integer.parseInt(m.group(1)), m.group(2)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The job part of every task id of {@code key}. */
  static String jobPrefix(JobKey key) {
    String sample = TaskIds.newTaskId(key, 0, new UUID(0, 0));
    return parse(sample).orElseThrow().jobPrefix();
  }
}
