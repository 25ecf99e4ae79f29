package dev.aurora.mesos;

import java.net.URI;
import java.util.List;

/**
 * A fixed list of masters (e.g. {@code http://m1:5050,http://m2:5050}): start with the first, follow redirects to the
 * leader, move on to the next one when a master stops answering.
 */
public final class StaticMasterDetector implements MasterDetector {
  private final List<URI> masters;
  private int index;
  private URI redirectedTo;

  public StaticMasterDetector(List<URI> masters) {
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("no Mesos master given");
    }
    this.masters = List.copyOf(masters);
  }

  /** Parses a comma-separated list of {@code host:port} or {@code http://host:port} entries. */
  public static StaticMasterDetector parse(String list) {
    return new StaticMasterDetector(java.util.Arrays.stream(list.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).map(s -> URI.create(s.contains("://") ? s : "http://" + s)).toList());
  }

  @Override
  public synchronized URI leader() {
    return redirectedTo != null ? redirectedTo : masters.get(index);
  }

  @Override
  public synchronized void redirected(URI leader) {
    redirectedTo = leader;
  }

  @Override
  public synchronized void failed(URI master) {
    if (master.equals(redirectedTo)) {
      redirectedTo = null;
    } else if (master.equals(masters.get(index))) {
      index = (index + 1) % masters.size();
    }
  }
}
