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
}
