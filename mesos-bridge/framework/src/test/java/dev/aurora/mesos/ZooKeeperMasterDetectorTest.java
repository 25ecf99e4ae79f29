package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leader detection against a real in-process ZooKeeper server, with znodes laid out as Mesos masters write them. */
class ZooKeeperMasterDetectorTest {
  private TestingServer zk;
  private CuratorFramework masters;

  @BeforeEach
  void start() throws Exception {
    zk = new TestingServer(true);
    masters = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    masters.start();
    masters.blockUntilConnected();
  }

  @AfterEach
  void stop() throws Exception {
    masters.close();
    zk.close();
  }

  private String join(String hostname, int port) throws Exception {
    String info = "{\"id\":\"m-" + port + "\",\"ip\":16777343,\"port\":" + port + ",\"pid\":\"master@127.0.0.1:"
        + port + "\",\"hostname\":\"" + hostname + "\",\"version\":\"1.11.0\",\"address\":{\"hostname\":\""
        + hostname + "\",\"ip\":\"127.0.0.1\",\"port\":" + port + "}}";
    return masters.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath("/mesos/json.info_", info.getBytes(StandardCharsets.UTF_8));
  }

  private static void awaitLeader(MasterDetector detector, URI expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Objects.equals(detector.leader(), expected) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(expected, detector.leader());
  }

  @Test
  void lowestSequenceLeadsAndLeadershipMovesWhenItsZnodeGoes() throws Exception {
    masters.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath("/mesos/info_", new byte[] {1, 2, 3}); // legacy binary member: ignored
    String first = join("m1.example", 5050);
    join("m2.example", 5051);
    try (ZooKeeperMasterDetector detector = new ZooKeeperMasterDetector("zk://" + zk.getConnectString() + "/mesos",
        Duration.ofSeconds(10))) {
      assertEquals(URI.create("http://m1.example:5050"), detector.leader());
      masters.delete().forPath(first);
      awaitLeader(detector, URI.create("http://m2.example:5051"));
    }
  }

  @Test
  void groupThatAppearsLaterIsPickedUp() throws Exception {
    try (ZooKeeperMasterDetector detector = new ZooKeeperMasterDetector("zk://" + zk.getConnectString() + "/mesos",
        Duration.ofSeconds(10))) {
      assertNull(detector.leader());
      join("m3.example", 5052);
      awaitLeader(detector, URI.create("http://m3.example:5052"));
    }
  }

  @Test
  void urlsAreParsedAndBadOnesRefused() {
    var url = ZooKeeperMasterDetector.ZkUrl.parse("zk://user:pw@h1:2181,h2:2181/mesos/");
    assertEquals("h1:2181,h2:2181", url.connectString());
    assertEquals("/mesos", url.path());
    assertEquals("user:pw", url.credentials());
    assertThrows(IllegalArgumentException.class, () -> ZooKeeperMasterDetector.ZkUrl.parse("zk://h1:2181/"));
    assertThrows(IllegalArgumentException.class, () -> ZooKeeperMasterDetector.ZkUrl.parse("http://h1:5050"));
  }

  @Test
  void packedIpIsDecodedWhenNoHostnameIsGiven() throws Exception {
    assertEquals(URI.create("http://127.0.0.1:5050"), ZooKeeperMasterDetector.masterUri(
        new ObjectMapper().readTree("{\"ip\":16777343,\"port\":5050}")));
  }
}
