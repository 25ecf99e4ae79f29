package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.ExecutorSettings.AnnouncerSettings;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.ExecutorCommand;
import dev.aurora.executor.testing.TaskJson;
import dev.aurora.executor.testing.TestService;
import dev.aurora.executor.testing.ZooKeeperTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The announcer against a real ZooKeeper server: each test runs a task with {@code announce} under a real supervisor
 * and reads the ServerSet back as a ServerSet client does (children of the path, {@code member_} nodes, their JSON).
 */
class AnnouncerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  private ZooKeeperTestServer zk;
  private ZooKeeper reader;

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = ZooKeeperTestServer.start(dir.resolve("zk"));
    CountDownLatch connected = new CountDownLatch(1);
    reader = new ZooKeeper(zk.connectString(), 10_000, e -> {
      if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    assertTrue(connected.await(10, TimeUnit.SECONDS), "test client did not connect");
  }

  @AfterEach
  void stopZooKeeper() throws Exception {
    reader.close();
    zk.close();
  }

  private ExecutorSettings settings(boolean allowCustomPath) {
    return Harness.SETTINGS.withAnnouncer(new AnnouncerSettings(zk.connectString(), "/aurora", allowCustomPath,
        null));
  }

  /** A service announcing {@code http} with one more port; health checked over HTTP unless asked otherwise. */
  private static TaskJson service(String name, Map<String, Integer> ports) {
    return TaskJson.task(name).process("svc", "exec sleep 300")
        .jobField(j -> j.putObject("announce").put("primary_port", "http"))
        .health(h -> h.put("initial_interval_secs", 10.0))
        .ports(ports);
  }

  /** The ServerSet as a client sees it: member node name to its JSON. */
  private Map<String, JsonNode> members(String path) throws Exception {
    Map<String, JsonNode> members = new TreeMap<>();
    List<String> children;
    try {
      children = reader.getChildren(path, false);
    } catch (KeeperException.NoNodeException e) {
      return members;
    }
    for (String child : children) {
      if (child.startsWith("member_")) {
        try {
          members.put(child, JSON.readTree(reader.getData(path + "/" + child, false, new Stat())));
        } catch (KeeperException.NoNodeException e) {
          // left meanwhile
        }
      }
    }
    return members;
  }

  private Map<String, JsonNode> awaitMembers(String path, int count) throws Exception {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    Map<String, JsonNode> m = members(path);
    while (m.size() != count && System.nanoTime() < deadline) {
      Thread.sleep(20);
      m = members(path);
    }
    assertEquals(count, m.size(), "members of " + path + ": " + m);
    return m;
  }

  @Test
  void aRunningTaskIsAMemberWithItsEndpointsAndShardAndLeavesWhenKilled() throws Exception {
    int http = TestService.freePort();
    int admin = TestService.freePort();
    Harness h = new Harness(service("web", Map.of("http", http, "admin", admin)), dir, settings(false)).start();
    JsonNode member = awaitMembers("/aurora/www-data/test/web", 1).values().iterator().next();
    assertEquals(JSON.readTree("{\"serviceEndpoint\":{\"host\":\"localhost\",\"port\":" + http + "},"
        + "\"additionalEndpoints\":{\"admin\":{\"host\":\"localhost\",\"port\":" + admin + "},"
        + "\"http\":{\"host\":\"localhost\",\"port\":" + http + "}},\"status\":\"ALIVE\",\"shard\":0}"), member);
    h.supervisor.kill();
    assertEquals(TaskState.KILLED, h.awaitEnd().state());
    assertEquals(Map.of(), members("/aurora/www-data/test/web"));
  }

  @Test
  void theMemberIsGoneBeforeTheLifecycleEndpointsAreCalled() throws Exception {
    List<String> seenAtShutdown = new CopyOnWriteArrayList<>();
    HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext("/health", ex -> reply(ex, "ok"));
    health.createContext("/quitquitquit", ex -> {
      try {
        seenAtShutdown.add("members=" + members("/aurora/www-data/test/life").size());
      } catch (Exception e) {
        seenAtShutdown.add(e.toString());
      }
      reply(ex, "bye");
    });
    health.start();
    try {
      Harness h = new Harness(service("life", Map.of("http", TestService.freePort(), "health",
          health.getAddress().getPort())).lifecycle(0, 0), dir, settings(false)).start();
      h.observer.await("TASK_RUNNING", LIMIT, () -> h.observer.events().contains("task RUNNING"));
      awaitMembers("/aurora/www-data/test/life", 1);
      h.supervisor.kill();
      assertEquals(TaskState.KILLED, h.awaitEnd().state());
      assertEquals(List.of("members=0"), seenAtShutdown);
    } finally {
      health.stop(0);
    }
  }

  @Test
  void aTaskThatEndsByItselfLeavesBeforeItsEndIsReported() throws Exception {
    TaskJson task = TaskJson.task("batch").process("work", "sleep 1")
        .jobField(j -> j.putObject("announce"))
        .health(h -> h.put("initial_interval_secs", 10.0))
        .ports(Map.of("http", TestService.freePort()));
    Harness h = new Harness(task, dir, settings(false)).start();
    awaitMembers("/aurora/www-data/test/batch", 1);
    List<Integer> membersAtEnd = new ArrayList<>();
    h.observer.await("the task to end", LIMIT, () -> h.observer.outcome() != null);
    membersAtEnd.add(members("/aurora/www-data/test/batch").size());
    assertEquals(TaskState.SUCCESS, h.observer.outcome().state());
    assertEquals(List.of(0), membersAtEnd);
  }

  @Test
  void anExpiredSessionIsReplacedAndTheMemberWrittenAgain() throws Exception {
    Harness h = new Harness(service("exp", Map.of("http", TestService.freePort())), dir, settings(false)).start();
    String path = "/aurora/www-data/test/exp";
    Map<String, JsonNode> before = awaitMembers(path, 1);
    String first = before.keySet().iterator().next();
    Stat stat = reader.exists(path + "/" + first, false);
    zk.expireSession(stat.getEphemeralOwner());
    long deadline = System.nanoTime() + LIMIT.toNanos();
    Map<String, JsonNode> after = members(path);
    while ((after.size() != 1 || after.containsKey(first)) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = members(path);
    }
    assertEquals(1, after.size(), "members after expiry: " + after);
    String second = after.keySet().iterator().next();
    assertNotEquals(first, second);
    assertEquals(before.get(first), after.get(second));
    assertNotEquals(stat.getEphemeralOwner(), reader.exists(path + "/" + second, false).getEphemeralOwner());
    h.supervisor.kill();
    assertEquals(TaskState.KILLED, h.awaitEnd().state());
    assertEquals(Map.of(), members(path));
  }

  @Test
  void aLostConnectionThatComesBackInTimeKeepsTheSameMember() throws Exception {
    Harness h = new Harness(service("blip", Map.of("http", TestService.freePort())), dir, settings(false)).start();
    String path = "/aurora/www-data/test/blip";
    Map<String, JsonNode> before = awaitMembers(path, 1);
    zk.restart(Duration.ofSeconds(2)); // shorter than the 10 s session timeout
    Thread.sleep(3000); // the announcer's client reconnects with its session
    assertEquals(before, awaitMembers(path, 1));
    h.supervisor.kill();
    assertEquals(TaskState.KILLED, h.awaitEnd().state());
    assertEquals(Map.of(), members(path));
  }

  @Test
  void zkPathReplacesTheDefaultPathOnlyWhenTheExecutorAllowsIt() throws Exception {
    TaskJson custom = service("custom", Map.of("http", TestService.freePort()))
        .jobField(j -> ((ObjectNode) j.get("announce"))
            .put("zk_path", "/services/custom"));
    Harness refused = new Harness(custom, dir.resolve("refused"), settings(false)).start();
    TaskOutcome outcome = refused.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertTrue(outcome.message().startsWith("announce.zk_path: ") && outcome.message().contains(
        "--announcer-allow-custom-serverset-path"), outcome.message());
    assertEquals(List.of(), refused.observer.transitions(), "no process may start");

    Harness allowed = new Harness(custom, dir.resolve("allowed"), settings(true)).start();
    awaitMembers("/services/custom", 1);
    assertEquals(Map.of(), members("/aurora/www-data/test/custom"));
    allowed.supervisor.kill();
    assertEquals(TaskState.KILLED, allowed.awaitEnd().state());
  }

  @Test
  void aZkPathThatIsNoZooKeeperPathFailsTheTaskBeforeAnyProcessStarts() throws Exception {
    TaskJson bad = service("bad", Map.of("http", TestService.freePort()))
        .jobField(j -> ((ObjectNode) j.get("announce"))
            .put("zk_path", "/services//bad"));
    Harness h = new Harness(bad, dir, settings(true)).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertTrue(outcome.message().startsWith("announce.zk_path: '/services//bad' is not a ZooKeeper path"),
        outcome.message());
    assertEquals(List.of(), h.observer.transitions(), "no process may start");
  }

  @Test
  void anExecutorWithoutAnEnsembleRefusesToRunAJobThatAnnounces() throws Exception {
    Harness h = new Harness(service("noens", Map.of("http", TestService.freePort())), dir, Harness.SETTINGS).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(TaskOutcome.Cause.INVALID_TASK, outcome.cause());
    assertTrue(outcome.message().startsWith("announce: ") && outcome.message().contains("--announcer-ensemble"),
        outcome.message());
  }

  @Test
  void noConnectionWithinTheHealthCheckWarmUpFailsTheTask() throws Exception {
    int closed = TestService.freePort();
    ExecutorSettings unreachable = Harness.SETTINGS.withAnnouncer(new AnnouncerSettings("127.0.0.1:" + closed,
        "/aurora", false, null));
    TaskJson task = service("nozk", Map.of("http", TestService.freePort()))
        .health(hc -> hc.put("initial_interval_secs", 1.0).put("max_consecutive_failures", 1)
            .put("interval_secs", 0.5));
    long start = System.nanoTime();
    TaskOutcome outcome = new Harness(task, dir, unreachable).start().awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals("Creating Announcer Serverset timed out.", outcome.message());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1500), "gave up before 1 + 1 * 0.5 s");
  }

  /**
   * The executor process, with the flags the operator hands it: the jar named by {@code aurora.executor.jar} when set
   * (which shows the shaded jar carries what ZooKeeper's client needs), else the test class path.
   */
  @Test
  void theExecutorProcessAnnouncesWithItsFlagsAndLeavesOnSigterm() throws Exception {
    Path taskFile = dir.resolve("task.json");
    Files.writeString(taskFile, service("proc", Map.of("http", TestService.freePort())).json());
    List<String> command = new ArrayList<>(ExecutorCommand.javaCommand());
    command.addAll(List.of("run-task", "--task", taskFile.toString(), "--sandbox", dir.resolve("proc").toString(),
        "--nosetuid", "--announcer-ensemble", zk.connectString(), "--announcer-serverset-path", "/svc"));
    Process executor = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("executor.out").toFile()).start();
    try {
      JsonNode member = awaitMembers("/svc/www-data/test/proc", 1).values().iterator().next();
      assertEquals("ALIVE", member.path("status").asText());
      executor.destroy();
      assertTrue(executor.waitFor(60, TimeUnit.SECONDS));
      assertEquals(Map.of(), members("/svc/www-data/test/proc"));
      String out = Files.readString(dir.resolve("executor.out"));
      assertTrue(out.contains(" KILLED Instructed to kill task."), out);
      assertTrue(!out.contains(" INFO "), "ZooKeeper's INFO lines stay out of the executor's output: " + out);
    } finally {
      executor.destroyForcibly();
    }
  }

  private static void reply(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
