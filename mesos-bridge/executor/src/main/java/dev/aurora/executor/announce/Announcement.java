package dev.aurora.executor.announce;

import dev.aurora.executor.ExecutorSettings.AnnouncerSettings;
import dev.aurora.executor.announce.ServiceInstance.Endpoint;
import dev.aurora.executor.task.AnnounceConfig;
import dev.aurora.executor.task.BoundTask;
import dev.aurora.executor.task.HealthCheckConfig;
import dev.aurora.executor.task.JobConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What and where one task announces, worked out before any ZooKeeper code runs (Aurora's
 * {@code AnnouncerCheckerProvider.from_assigned_task}).
 *
 * @param ensemble       the ZooKeeper connect string
 * @param path           the ServerSet: {@code <--announcer-serverset-path>/<role>/<environment>/<name>} or
 *                       {@code announce.zk_path}
 * @param member         the member's content
 * @param connectTimeout how long the first connection may take before the task fails: the health check's warm-up,
 *                       {@code initial_interval_secs + max_consecutive_failures * interval_secs}, as in Aurora
 */
public record Announcement(String ensemble, String path, ServiceInstance member, Duration connectTimeout) {

  /** The job wants to announce but this executor may not do it as asked; the message names field and flag. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * The announcement of {@code task}, or null when its job has no {@code announce}.
   *
   * @param ports the task's resolved port map: assigned ports plus {@code announce.portmap} aliases
   */
  public static Announcement of(BoundTask task, Map<String, Integer> ports, AnnouncerSettings settings)
      throws Refused {
    JobConfig job = task.job();
    AnnounceConfig announce = job.announce();
    if (announce == null) {
      return null;
    }
    if (settings.ensemble() == null) {
      throw new Refused("announce: this executor has no ZooKeeper ensemble to announce to (start it with"
          + " --announcer-ensemble; operator setting announcer-ensemble, chart value announcer.ensemble)");
    }
    String path;
    if (announce.zkPath() != null) {
      if (!settings.allowCustomPath()) {
        throw new Refused("announce.zk_path: a custom ServerSet path needs --announcer-allow-custom-serverset-path"
            + " (operator setting announcer-allow-custom-serverset-path, chart value"
            + " announcer.allowCustomServersetPath)");
      }
      path = announce.zkPath();
    } else {
      path = join(settings.serversetPath(), job.role(), job.environment(), job.name());
    }
    if (!isZooKeeperPath(path)) {
      throw new Refused((announce.zkPath() != null ? "announce.zk_path" : "announce") + ": '" + path
          + "' is not a ZooKeeper path a ServerSet can live under (absolute, no empty, '.' or '..' parts)");
    }
    String host = settings.hostname() != null ? settings.hostname() : task.hostname();
    Map<String, Endpoint> additional = new LinkedHashMap<>();
    ports.forEach((name, port) -> additional.put(name, new Endpoint(host, port)));
    Endpoint primary = new Endpoint(host, ports.getOrDefault(announce.primaryPort(), 0));
    HealthCheckConfig hc = job.healthCheckConfig();
    double timeoutSecs = hc.initialIntervalSecs() + hc.maxConsecutiveFailures() * hc.intervalSecs();
    return new Announcement(settings.ensemble(), path, new ServiceInstance(primary, additional, task.instanceId()),
        Duration.ofMillis((long) (timeoutSecs * 1000)));
  }

  private static boolean isZooKeeperPath(String path) {
    if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
      return false;
    }
    for (String part : path.substring(1).split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.chars().anyMatch(c -> c == 0)) {
        return false;
      }
    }
    return true;
  }

  /** Like {@code posixpath.join}: one '/' between parts, however the root ends. */
  private static String join(String root, String... parts) {
    StringBuilder path = new StringBuilder(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    for (String part : parts) {
      path.append('/').append(part);
    }
    return path.toString();
  }
}
