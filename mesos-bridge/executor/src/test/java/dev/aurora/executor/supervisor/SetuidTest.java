package dev.aurora.executor.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.runtime.RoleUser;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.testing.TaskJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes run as the role's user when the executor is root, as Thermos' setuid did. These tests need root, which
 * the project's CI is; the role is {@code nobody}, present on every Debian system.
 */
class SetuidTest {
  private static final ExecutorSettings SETUID = ExecutorSettings.DEFAULTS;

  @TempDir
  Path dir;

  @BeforeEach
  void rootAndAReachableDirectory() throws Exception {
    assertTrue(RoleUser.executorIsRoot(), "the setuid tests run as root (as CI does); this JVM is not root");
    // JUnit's directory is root's and 0700: nobody could not even reach its sandbox inside.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static TaskJson asRole(String role, String name, String cmdline) {
    return TaskJson.task(name).jobField(j -> j.put("role", role)).process("p", cmdline);
  }

  private static String owner(Path path) throws Exception {
    return Files.getOwner(path).getName();
  }

  @Test
  void processesRunAsTheRolesUserInASandboxItOwns() throws Exception {
    Harness h = new Harness(asRole("nobody", "who", "id -un; touch mine"), dir, SETUID).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    assertEquals("nobody", Files.readString(h.log("p", 0, "stdout")).strip());
    assertEquals("nobody", owner(h.sandbox));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.sandbox)));
    assertEquals("nobody", owner(h.sandbox.resolve("mine")));
    assertEquals("nobody", owner(h.sandbox.resolve(".logs")));
    assertEquals("nobody", owner(h.log("p", 0, "stdout")));
  }

  @Test
  void aRoleWithoutAUserOnThisHostFailsTheTaskBeforeAnyProcessStarts() throws Exception {
    Harness h = new Harness(asRole("no-such-role-user", "ghost", "true"), dir, SETUID).start();
    TaskOutcome outcome = h.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertEquals(TaskOutcome.Cause.SANDBOX, outcome.cause());
    assertTrue(outcome.message().contains("user 'no-such-role-user' (the job's role) does not exist on localhost")
        && outcome.message().contains("--nosetuid"), outcome.message());
    assertEquals(0, h.observer.transitions().size(), "no process may start");
  }

  @Test
  void withSetuidOffProcessesRunAsTheExecutorsUser() throws Exception {
    Harness h = new Harness(asRole("nobody", "root", "id -un"), dir, SETUID.withSetuid(false, false)).start();
    assertEquals(TaskState.SUCCESS, h.awaitEnd().state());
    assertEquals("root", Files.readString(h.log("p", 0, "stdout")).strip());
    assertEquals("root", owner(h.sandbox));
  }

  @Test
  void shellHealthChecksRunAsTheRolesUserUnlessTurnedOff() throws Exception {
    TaskJson task = asRole("nobody", "hc", "exec sleep 300").health(hc -> {
      hc.remove("health_checker");
      hc.putObject("health_checker").putObject("shell").put("shell_command", "test \"$(id -un)\" = nobody");
    });
    Harness asUser = new Harness(task, dir.resolve("a"), SETUID).start();
    asUser.observer.await("TASK_RUNNING", Harness.LIMIT, () -> asUser.observer.events().contains("task RUNNING"));
    asUser.supervisor.kill();
    assertEquals(TaskState.KILLED, asUser.awaitEnd().state());

    Harness asRoot = new Harness(task, dir.resolve("b"), SETUID.withSetuid(true, false)).start();
    TaskOutcome outcome = asRoot.awaitEnd();
    assertEquals(TaskState.FAILED, outcome.state());
    assertTrue(outcome.message().startsWith("Failed health check!"), outcome.message());
  }
}
