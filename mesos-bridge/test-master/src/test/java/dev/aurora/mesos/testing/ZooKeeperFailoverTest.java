package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.MesosFrameworkTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MasterDetector;
import dev.aurora.mesos.MesosFramework;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A framework configured with a zk:// URL follows the leader from ZooKeeper across a master failover. */
class ZooKeeperFailoverTest {
  @Test
  void frameworkFollowsTheLeaderAnnouncedInZooKeeper() throws Exception {
    ScriptedExecutors executors = ScriptedExecutors.running();
    try (TestingServer zk = new TestingServer(true);
         CuratorFramework group = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
         FakeMesosCluster cluster = new FakeMesosCluster(2, MasterOptions.forTests(), executors)) {
      executors.attach(cluster);
      cluster.addAgent(AgentSpec.of("h1"));
      cluster.addAgent(AgentSpec.of("h2"));
      group.start();
      String leaderNode = announce(group, cluster.master(0).url().getPort());
      announce(group, cluster.master(1).url().getPort());

      RecordingListener events = new RecordingListener();
      MasterDetector detector = MasterDetector.forMasters("zk://" + zk.getConnectString() + "/mesos");
      MesosFramework framework = new MesosFramework(Frameworks.fast(), detector, new InMemoryFrameworkIdStore());
      try {
        framework.start(List.of(), events.acknowledging(framework));
        LaunchRequest before = Frameworks.instance("web", 0);
        framework.launch(before);
        events.await(before.taskId(), TaskState.RUNNING, Duration.ofSeconds(15));
        String id = framework.frameworkId().orElseThrow();

        cluster.crashLeader();
        group.delete().forPath(leaderNode); // the crashed master's ephemeral znode goes with its session
        cluster.elect(1);
        eventually("subscribed to master 1", () -> cluster.isSubscribed(id));
        LaunchRequest after = Frameworks.instance("web", 1);
        framework.launch(after);
        events.await(after.taskId(), TaskState.RUNNING, Duration.ofSeconds(15));
        assertEquals(2, cluster.launchCount());
      } finally {
        framework.close();
        detector.close();
      }
    }
  }

  /** What a Mesos master writes: an ephemeral sequential json.info_ znode with its MasterInfo. */
  private static String announce(CuratorFramework group, int port) throws Exception {
    String info = "{\"hostname\":\"127.0.0.1\",\"port\":" + port + ",\"address\":{\"hostname\":\"127.0.0.1\","
        + "\"ip\":\"127.0.0.1\",\"port\":" + port + "}}";
    return group.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
        .forPath("/mesos/json.info_", info.getBytes(StandardCharsets.UTF_8));
  }
}
