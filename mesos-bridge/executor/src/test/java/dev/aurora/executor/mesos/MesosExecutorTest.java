package dev.aurora.executor.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.executor.testing.AgentExecutorEndpoint;
import dev.aurora.executor.testing.AgentExecutorEndpoint.Update;
import dev.aurora.executor.testing.ProcessTable;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real executor JVM against an in-test agent that follows MESOS.md A.6. */
class MesosExecutorTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String EXECUTOR = "thermos-exec";

  @TempDir Path dir;
  private AgentExecutorEndpoint agent;

  @BeforeEach
  void startAgent() throws Exception {
    agent = AgentExecutorEndpoint.start("agent-1", "framework-1");
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  /** TASK_RUNNING may precede the fork by a moment: wait until the marked process shows in the process table. */
  private static void awaitProcess(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (ProcessTable.withCommandLineContaining(marker).isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "process " + marker + " never started");
      Thread.sleep(20);
    }
  }

  private List<String> states(String taskId) {
    return agent.updates(EXECUTOR).stream().filter(u -> u.taskId().equals(taskId)).map(Update::state).toList();
  }

  @Test
  void launchedTaskReportsStartingRunningFinishedAndTheExecutorExitsAfterTheAcks() throws Exception {
    TaskJson task = TaskJson.task("hello").process("hello", "echo hello world");
    agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    Update finished = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_FINISHED", LIMIT);
    assertEquals(0, agent.awaitExit(EXECUTOR, LIMIT));
    assertEquals(List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"), states(task.taskId()));
    Set<String> uuids = new HashSet<>();
    for (Update u : agent.updates(EXECUTOR)) {
      assertEquals(16, Base64.getDecoder().decode(u.uuid()).length);
      assertEquals("SOURCE_EXECUTOR", u.source());
      assertEquals(EXECUTOR, u.status().at("/executor_id/value").asText());
      uuids.add(u.uuid());
    }
    assertEquals(3, uuids.size(), "a fresh uuid per update");
    assertNull(finished.reason());
    assertEquals("hello world\n",
        Files.readString(dir.resolve("sandbox/.logs/hello/0/stdout")), "task sandbox is $MESOS_SANDBOX/sandbox");
  }

  @Test
  void killEndsTheTaskAsKilledAndLeavesNoProcess() throws Exception {
    String marker = "aurora-mesos-" + UUID.randomUUID();
    TaskJson task = TaskJson.task("sleeper").process("sleeper", "exec -a " + marker + " sleep 300");
    agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    awaitProcess(marker);
    agent.kill(EXECUTOR, task.taskId(), null);
    Update killed = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_KILLED", LIMIT);
    assertEquals("Instructed to kill task.", killed.message());
    assertEquals(0, agent.awaitExit(EXECUTOR, LIMIT));
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
  }

  @Test
  void shutdownKillsTasksWithinTheGracePeriodAndExits() throws Exception {
    String marker = "aurora-mesos-" + UUID.randomUUID();
    TaskJson task = TaskJson.task("stubborn")
        .process("stubborn", "trap '' TERM; while true; do sleep 0.1; done # " + marker);
    agent.setShutdownGracePeriod(Duration.ofSeconds(3));
    agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    agent.shutdown(EXECUTOR);
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_KILLED", LIMIT);
    assertEquals(0, agent.awaitExit(EXECUTOR, LIMIT), "exited by itself, before the agent destroyed it");
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
  }

  @Test
  void resubscribeCarriesUnacknowledgedUpdatesAndTasks() throws Exception {
    agent.setAutoAcknowledge(false);
    TaskJson task = TaskJson.task("svc").process("svc", "sleep 300");
    agent.launchExecutor(EXECUTOR, dir, Map.of("MESOS_CHECKPOINT", "1", "MESOS_SUBSCRIPTION_BACKOFF_MAX", "200ms"));
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    Update starting = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_STARTING", LIMIT);
    Update running = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    JsonNode first = agent.subscribeCalls(EXECUTOR).get(0);
    assertEquals(0, first.at("/subscribe/unacknowledged_updates").size());

    agent.disconnect(EXECUTOR);
    JsonNode second = agent.awaitSubscribe(EXECUTOR, 2, LIMIT);
    List<String> resent = new ArrayList<>();
    second.at("/subscribe/unacknowledged_updates").forEach(u -> resent.add(u.at("/status/uuid").asText()));
    assertEquals(List.of(starting.uuid(), running.uuid()), resent);
    assertEquals(task.taskId(), second.at("/subscribe/unacknowledged_tasks/0/task_id/value").asText());

    agent.acknowledge(EXECUTOR, starting);
    agent.acknowledge(EXECUTOR, running);
    agent.disconnect(EXECUTOR);
    JsonNode third = agent.awaitSubscribe(EXECUTOR, 3, LIMIT);
    assertEquals(0, third.at("/subscribe/unacknowledged_updates").size(), "acknowledged updates are dropped");
    assertEquals(0, third.at("/subscribe/unacknowledged_tasks").size(), "an acknowledged task is not resent");

    agent.kill(EXECUTOR, task.taskId(), Duration.ofSeconds(2));
    Update killed = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_KILLED", LIMIT);
    agent.acknowledge(EXECUTOR, killed);
    assertEquals(0, agent.awaitExit(EXECUTOR, LIMIT));
  }

  @Test
  void invalidTaskDataFailsTheTaskWithReasonTaskInvalid() throws Exception {
    ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(TaskJson.task("bad").process("bad", "true").json());
    ((ObjectNode) doc.at("/job/task/processes/0")).put("max_failures", "one");
    String bad = doc.toPrettyString();
    agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo("bad-task", bad));
    Update failed = agent.awaitUpdate(EXECUTOR, "bad-task", "TASK_FAILED", LIMIT);
    assertEquals("REASON_TASK_INVALID", failed.reason());
    assertTrue(failed.message().contains("job.task.processes[0].max_failures"), failed.message());
    assertEquals(0, agent.awaitExit(EXECUTOR, LIMIT));
  }

  @Test
  void failingHealthCheckReportsTaskFailedWithTheHealthReason() throws Exception {
    TaskJson task = TaskJson.task("sick").process("sick", "sleep 300")
        .health(hc -> hc.putObject("health_checker").putObject("shell").put("shell_command", "exit 3"));
    agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    Update failed = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_FAILED", LIMIT);
    assertEquals("REASON_TASK_HEALTH_CHECK_STATUS_UPDATED", failed.reason());
    assertEquals("Failed health check! Shell command exited with status 3", failed.message());
    assertEquals(List.of("TASK_STARTING", "TASK_FAILED"), states(task.taskId()), "never RUNNING");
  }

  @Test
  void errorEventMakesTheExecutorResubscribeAndMessagesAreLogged() throws Exception {
    TaskJson task = TaskJson.task("svc").process("svc", "sleep 300");
    agent.launchExecutor(EXECUTOR, dir, Map.of("MESOS_CHECKPOINT", "1", "MESOS_SUBSCRIPTION_BACKOFF_MAX", "200ms"));
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    agent.message(EXECUTOR, "hello executor".getBytes());
    agent.error(EXECUTOR, "stream is broken");
    agent.awaitSubscribe(EXECUTOR, 2, LIMIT);
    agent.kill(EXECUTOR, task.taskId(), null);
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_KILLED", LIMIT);
    assertEquals(0, agent.awaitExit(EXECUTOR, Duration.ofSeconds(45)), Files.readString(dir.resolve("stderr")));
    String log = Files.readString(dir.resolve("stderr"));
    assertTrue(log.contains("framework message: hello executor"), log);
    assertTrue(log.contains("agent error: stream is broken"), log);
  }

  @Test
  void sigtermToTheExecutorTearsItsTasksDown() throws Exception {
    String marker = "aurora-mesos-" + UUID.randomUUID();
    TaskJson task = TaskJson.task("svc").process("svc", "exec -a " + marker + " sleep 300");
    Process executor = agent.launchExecutor(EXECUTOR, dir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    awaitProcess(marker);
    executor.destroy();
    agent.awaitExit(EXECUTOR, LIMIT);
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
  }

  @Test
  void withoutCheckpointingALostAgentMakesTheExecutorKillItsTasksAndExit() throws Exception {
    String marker = "aurora-mesos-" + UUID.randomUUID();
    TaskJson task = TaskJson.task("orphan").process("orphan", "exec -a " + marker + " sleep 300");
    agent.launchExecutor(EXECUTOR, dir, Map.of("MESOS_CHECKPOINT", "0"));
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_RUNNING", LIMIT);
    awaitProcess(marker);
    agent.disconnect(EXECUTOR);
    assertNotEquals(0, agent.awaitExit(EXECUTOR, LIMIT));
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
    Update lost = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_FAILED", LIMIT);
    assertEquals("SOURCE_AGENT", lost.source(), "the agent fails what the exited executor left behind");
  }
}
