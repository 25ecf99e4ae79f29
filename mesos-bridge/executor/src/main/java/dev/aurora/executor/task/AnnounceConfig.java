package dev.aurora.executor.task;

/**
 * Aurora's {@code Announcer}: register each instance in a ZooKeeper ServerSet (AURORA.md 6.8). The endpoints come
 * from the task's resolved port map (assigned ports plus {@code portmap} aliases), not from this record.
 *
 * @param primaryPort the port name announced as {@code serviceEndpoint} (Aurora's default {@code http})
 * @param zkPath      a ServerSet path replacing {@code <root>/<role>/<environment>/<name>}, or null
 */
public record AnnounceConfig(String primaryPort, String zkPath) {
  public AnnounceConfig {
    primaryPort = primaryPort == null ? "http" : primaryPort;
  }
}
