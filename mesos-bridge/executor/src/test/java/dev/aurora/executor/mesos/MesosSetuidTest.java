package dev.aurora.executor.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.runtime.RoleUser;
import dev.aurora.executor.testing.AgentExecutorEndpoint;
import dev.aurora.executor.testing.AgentExecutorEndpoint.Update;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor JVM as a Mesos agent runs it, as root and without {@code --nosetuid}: the role's user runs the
 * processes, and the executor directory Mesos created 0750 for root is given to that user so it can reach its
 * sandbox. Needs root, as CI runs.
 */
class MesosSetuidTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String EXECUTOR = "thermos-setuid";

  @TempDir Path dir;
  private AgentExecutorEndpoint agent;
  private Path executorDir;

  @BeforeEach
  void startAgent() throws Exception {
    assertTrue(RoleUser.executorIsRoot(), "the setuid tests run as root (as CI does); this JVM is not root");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    executorDir = Files.createDirectory(dir.resolve("executor"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
    agent = AgentExecutorEndpoint.start("agent-1", "framework-1");
    agent.setSetuid(true);
  }

  @AfterEach
  void stopAgent() {
    agent.close();
  }

  @Test
  void theRolesUserRunsTheProcessesInTheExecutorsDirectory() throws Exception {
    TaskJson task = TaskJson.task("who").jobField(j -> j.put("role", "nobody")).process("p", "id -un");
    agent.launchExecutor(EXECUTOR, executorDir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_FINISHED", LIMIT);
    assertEquals("nobody", Files.readString(executorDir.resolve("sandbox/.logs/p/0/stdout")).strip());
    assertEquals("nobody", Files.getOwner(executorDir.resolve("sandbox")).getName());
    assertEquals("nobody", Files.getOwner(executorDir).getName());
  }

  @Test
  void aRoleWithoutAUserFailsTheTaskWithTheReason() throws Exception {
    TaskJson task = TaskJson.task("ghost").jobField(j -> j.put("role", "no-such-role-user")).process("p", "true");
    agent.launchExecutor(EXECUTOR, executorDir, Map.of());
    agent.launch(EXECUTOR, AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
    Update failed = agent.awaitUpdate(EXECUTOR, task.taskId(), "TASK_FAILED", LIMIT);
    assertTrue(failed.message().contains("user 'no-such-role-user' (the job's role) does not exist on localhost"),
        failed.message());
  }
}
