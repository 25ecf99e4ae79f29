package dev.aurora.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;

/**
 * Finds the leading Mesos master in ZooKeeper the way Mesos' own detector does (MESOS.md A.5): masters hold
 * ephemeral sequential znodes {@code <path>/json.info_<10-digit seq>} containing their {@code MasterInfo} as JSON; the
 * member with the lowest sequence number leads. The group is watched, so a new leader is seen as soon as ZooKeeper
 * reports the change. Legacy {@code info_} (binary) and unlabelled members are ignored.
 */
public final class ZooKeeperMasterDetector implements MasterDetector {
  private static final System.Logger LOG = System.getLogger(ZooKeeperMasterDetector.class.getName());
  private static final String LABEL = "json.info_";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CuratorFramework client;
  private final String path;
  private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "aurora-mesos-zk-detector");
    t.setDaemon(true);
    return t;
  });
  private volatile URI detected;
  private volatile URI redirectedTo;

  /** Parsed form of {@code zk://[user:pass@]host1:port1,host2:port2/path}. */
  public record ZkUrl(String connectString, String path, String credentials) {
    public static ZkUrl parse(String url) {
      if (!url.startsWith("zk://")) {
        throw new IllegalArgumentException("Mesos master URL must start with zk://, got '" + url + "'");
      }
      String rest = url.substring("zk://".length());
      String credentials = null;
      int at = rest.indexOf('@');
      int slash = rest.indexOf('/');
      if (at >= 0 && (slash < 0 || at < slash)) {
        credentials = rest.substring(0, at);
        rest = rest.substring(at + 1);
        slash = rest.indexOf('/');
      }
      if (slash <= 0) {
        throw new IllegalArgumentException("zk:// URL needs hosts and a path: '" + url + "'");
      }
      String path = rest.substring(slash);
      while (path.length() > 1 && path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.equals("/")) {
        throw new IllegalArgumentException("zk:// URL path must not be '/': '" + url + "'");
      }
      return new ZkUrl(rest.substring(0, slash), path, credentials);
    }
  }

  /** Connects and waits up to {@code initialWait} for a first answer (the detector keeps trying afterwards). */
  public ZooKeeperMasterDetector(String zkUrl, java.time.Duration initialWait) {
    ZkUrl url = ZkUrl.parse(zkUrl);
    this.path = url.path();
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder().connectString(url.connectString())
        .retryPolicy(new ExponentialBackoffRetry(250, 10)).sessionTimeoutMs(10_000).connectionTimeoutMs(5_000);
    if (url.credentials() != null) {
      builder.authorization("digest", url.credentials().getBytes(StandardCharsets.UTF_8));
    }
    this.client = builder.build();
    client.getConnectionStateListenable().addListener((c, state) -> {
      if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
        refreshLater();
      }
    });
    client.start();
    try {
      if (client.blockUntilConnected((int) initialWait.toMillis(), TimeUnit.MILLISECONDS)) {
        refresher.submit(this::refresh).get(initialWait.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "no Mesos leader from " + zkUrl + " yet: " + e);
    }
  }

  @Override
  public URI leader() {
    URI redirect = redirectedTo;
    return redirect != null ? redirect : detected;
  }

  @Override
  public void redirected(URI leader) {
    redirectedTo = leader;
  }

  @Override
  public void failed(URI master) {
    if (master.equals(redirectedTo)) {
      redirectedTo = null;
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
    client.close();
  }

  private void refreshLater() {
    if (!refresher.isShutdown()) {
      refresher.execute(this::refresh);
    }
  }

  private void refresh() {
    try {
      List<String> children = client.getChildren().usingWatcher((Watcher) e -> refreshLater()).forPath(path);
      Optional<String> lowest = children.stream().filter(c -> c.startsWith(LABEL))
          .min(Comparator.comparingLong(ZooKeeperMasterDetector::sequence));
      if (lowest.isEmpty()) {
        setDetected(null);
        return;
      }
      byte[] data = client.getData().forPath(path + "/" + lowest.get());
      setDetected(masterUri(JSON.readTree(data)));
    } catch (KeeperException.NoNodeException e) {
      // The group does not exist yet: watch for it to appear.
      try {
        client.checkExists().usingWatcher((Watcher) ev -> refreshLater()).forPath(path);
      } catch (Exception ignored) {
        // the connection listener retries
      }
      setDetected(null);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "reading Mesos masters from ZooKeeper " + path + ": " + e);
    }
  }

  private void setDetected(URI leader) {
    if (leader == null ? detected != null : !leader.equals(detected)) {
      LOG.log(System.Logger.Level.INFO, "Mesos leader is now " + leader);
      redirectedTo = null;
    }
    detected = leader;
  }

  static long sequence(String child) {
    try {
      return Long.parseLong(child.substring(child.lastIndexOf('_') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code MasterInfo} JSON → base URI: address.hostname, else hostname, else address.ip, else the packed ip. */
  static URI masterUri(JsonNode info) throws IOException {
    JsonNode address = info.path("address");
    int port = address.path("port").asInt(info.path("port").asInt(5050));
    String host = text(address, "hostname");
    if (host == null) {
      host = text(info, "hostname");
    }
    if (host == null) {
      host = text(address, "ip");
    }
    if (host == null && info.has("ip")) {
      // uint32 in network byte order, printed as a host-order number: 127.0.0.1 reads 16777343 on x86.
      long ip = info.path("ip").asLong();
      host = (ip & 0xff) + "." + ((ip >> 8) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 24) & 0xff);
    }
    if (host == null) {
      throw new IOException("MasterInfo without an address: " + info);
    }
    return URI.create("http://" + host + ":" + port);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || !v.isTextual() || v.asText().isEmpty() ? null : v.asText();
  }
}
