package dev.aurora.executor.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * A real standalone ZooKeeper server in the test's JVM (the server classes ship in the zookeeper jar the executor
 * already uses), on 127.0.0.1 and a free port, with its data under a test directory. Unlike a packaged test server
 * it can expire a client's session on the server side, which is what a long network partition does.
 */
public final class ZooKeeperTestServer implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  static {
    // The server logs every session at INFO; as in the executor, warnings are enough (set before ZooKeeper loads).
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }

  private ZooKeeperServer server;
  private ServerCnxnFactory connections;

  private ZooKeeperTestServer(Path dataDir, int port) throws IOException, InterruptedException {
    this.dataDir = dataDir;
    serve(port);
    this.port = connections.getLocalPort();
  }

  public static ZooKeeperTestServer start(Path dataDir) throws IOException, InterruptedException {
    return new ZooKeeperTestServer(dataDir, 0);
  }

  private void serve(int onPort) throws IOException, InterruptedException {
    // A 1 s tick allows session timeouts of 2..20 s; the announcer asks for 10 s, as Aurora's did.
    server = new ZooKeeperServer(dataDir.resolve("snapshots").toFile(), dataDir.resolve("log").toFile(), 1000);
    connections = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", onPort), 100);
    connections.startup(server);
  }

  public String connectString() {
    return "127.0.0.1:" + port;
  }

  /**
   * Stops serving for {@code pause} and comes back on the same port with the same data: clients lose their
   * connection, and their sessions survive if they reconnect within the session timeout.
   */
  public void restart(Duration pause) throws IOException, InterruptedException {
    close();
    Thread.sleep(pause.toMillis());
    serve(port);
  }

  /** Expires the session as the server does when a client stays away longer than its timeout. */
  public void expireSession(long sessionId) {
    server.expire(sessionId);
  }

  @Override
  public void close() {
    connections.shutdown();
    server.shutdown();
  }
}
