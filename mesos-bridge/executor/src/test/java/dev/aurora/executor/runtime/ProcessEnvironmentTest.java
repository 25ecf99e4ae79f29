package dev.aurora.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.task.LoggerConfig;
import dev.aurora.executor.task.ProcessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fork-time environment of a process (AURORA.md §6.5). */
class ProcessEnvironmentTest {
  @TempDir Path sandbox;

  private ProcessLauncher.Run run(String cmdline) throws Exception {
    ProcessLauncher launcher = new ProcessLauncher(sandbox, LoggerConfig.DEFAULT);
    ProcessLauncher.Run run = launcher.launch(new ProcessConfig("p", cmdline, null, null, null, 0, null, null), 0);
    assertTrue(run.handle().waitFor(20, TimeUnit.SECONDS));
    return run;
  }

  @Test
  void environmentIsReplacedByTheThermosOne() throws Exception {
    run("env -0 > env.bin");
    Map<String, String> env = new TreeMap<>();
    for (String entry : new String(Files.readAllBytes(sandbox.resolve("env.bin"))).split("\0")) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    // bash itself adds PWD, SHLVL and _; nothing of the executor's own environment may leak through.
    env.keySet().removeAll(java.util.Set.of("PWD", "SHLVL", "_"));
    assertEquals(java.util.Set.of("HOME", "USER", "LOGNAME", "PATH"), env.keySet(), env.toString());
    assertEquals(sandbox.toString(), env.get("HOME"));
    assertEquals(System.getProperty("user.name"), env.get("USER"));
    assertEquals(System.getenv("PATH"), env.get("PATH"));
  }

  @Test
  void eachProcessLeadsItsOwnSessionAndProcessGroupInTheSandbox() throws Exception {
    ProcessLauncher.Run run = run("echo $$ $(cut -d' ' -f5,6 /proc/$$/stat) > ids; pwd > cwd");
    long[] ids = Arrays.stream(Files.readString(sandbox.resolve("ids")).trim().split(" "))
        .mapToLong(Long::parseLong).toArray();
    assertEquals(run.pid(), ids[0], "the shell is the process Java forked");
    assertEquals(ids[0], ids[1], "process group id = its pid");
    assertEquals(ids[0], ids[2], "session id = its pid");
    assertNotEquals(ProcessHandle.current().pid(), ids[1]);
    assertEquals(sandbox.toRealPath().toString(), Files.readString(sandbox.resolve("cwd")).trim());
  }

  @Test
  void thermosProfilePresentAtForkTimeIsSourced() throws Exception {
    run("echo \"$GREETING\" > before");
    Files.writeString(sandbox.resolve(".thermos_profile"), "export GREETING=hello\n");
    run("echo \"$GREETING\" > after");
    assertEquals("", Files.readString(sandbox.resolve("before")).trim());
    assertEquals("hello", Files.readString(sandbox.resolve("after")).trim());
  }
}
