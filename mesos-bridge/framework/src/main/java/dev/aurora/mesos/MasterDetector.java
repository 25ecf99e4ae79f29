package dev.aurora.mesos;

import java.net.URI;

/**
 * Knows which master to talk to. The scheduler client tells it what happened: a 307 names the leader, a failed
 * connection means that master is gone.
 */
public interface MasterDetector extends AutoCloseable {
  /** The base URI (scheme, host, port) of the master believed to lead, or null when none is known yet. */
  URI leader();

  /** A master answered 307 with this leader. */
  void redirected(URI leader);

  /** Talking to this master failed (connection refused, 503, stream ended). */
  void failed(URI master);

  @Override
  default void close() {
  }

  /**
   * The detector for a master setting as Mesos accepts it: {@code zk://[user:pass@]hosts/path}, {@code file://path}
   * (the setting read from that file), or a comma-separated list of {@code host:port} / {@code http://host:port}.
   */
  static MasterDetector forMasters(String spec) {
    String value = spec.trim();
    if (value.startsWith("file://")) {
      java.nio.file.Path file = java.nio.file.Path.of(value.substring("file://".length()));
      try {
        value = java.nio.file.Files.readString(file).trim();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read the Mesos master setting from " + file + ": " + e, e);
      }
    }
    if (value.startsWith("zk://")) {
      return new ZooKeeperMasterDetector(value, java.time.Duration.ofSeconds(10));
    }
    return StaticMasterDetector.parse(value);
  }
}
