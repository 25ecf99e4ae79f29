package dev.aurora.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.task.LoggerConfig;
import dev.aurora.executor.task.ProcessConfig;
import dev.aurora.executor.task.RotatePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-run log files and the Logger struct's destinations and rotation (AURORA.md §6.5). */
class LoggingTest {
  @TempDir Path sandbox;

  private Path logs(String process, int run) {
    return sandbox.resolve(".logs").resolve(process).resolve(Integer.toString(run));
  }

  private void runToEnd(ProcessLauncher launcher, ProcessConfig config, int run) throws Exception {
    ProcessLauncher.Run r = launcher.launch(config, run);
    assertTrue(r.handle().waitFor(20, TimeUnit.SECONDS));
    for (Thread pump : r.pumps()) {
      pump.join(10_000);
    }
  }

  private static ProcessConfig process(String name, String cmdline, LoggerConfig logger) {
    return new ProcessConfig(name, cmdline, null, null, null, null, null, logger);
  }

  @Test
  void stdoutAndStderrGoToFilesPerRun() throws Exception {
    ProcessLauncher launcher = new ProcessLauncher(sandbox, LoggerConfig.DEFAULT);
    runToEnd(launcher, process("p", "echo out-$RUN; echo err >&2", null), 0);
    runToEnd(launcher, process("p", "echo second", null), 1);
    assertEquals("out-\n", Files.readString(logs("p", 0).resolve("stdout")));
    assertEquals("err\n", Files.readString(logs("p", 0).resolve("stderr")));
    assertEquals("second\n", Files.readString(logs("p", 1).resolve("stdout")));
  }

  @Test
  void rotateModeKeepsFilesBelowLogSizeWithTheConfiguredBackups() throws Exception {
    LoggerConfig rotating = new LoggerConfig("file", "rotate", new RotatePolicy(1000L, 2));
    ProcessLauncher launcher = new ProcessLauncher(sandbox, LoggerConfig.DEFAULT);
    runToEnd(launcher, process("chatty", "for i in $(seq 55); do printf '%099d\\n' $i; done", rotating), 0);
    Path dir = logs("chatty", 0);
    assertEquals(500, Files.size(dir.resolve("stdout")), "newest 5 lines");
    assertEquals(1000, Files.size(dir.resolve("stdout.1")));
    assertEquals(1000, Files.size(dir.resolve("stdout.2")));
    assertFalse(Files.exists(dir.resolve("stdout.3")), "only 2 backups are kept");
    List<String> newest = Files.readAllLines(dir.resolve("stdout"));
    assertEquals(String.format("%099d", 55), newest.get(newest.size() - 1));
    assertEquals(String.format("%099d", 31), Files.readAllLines(dir.resolve("stdout.2")).get(0));
  }

  @Test
  void destinationNoneWritesNoFileAndBothTeesToTheFile() throws Exception {
    ProcessLauncher launcher = new ProcessLauncher(sandbox, LoggerConfig.DEFAULT);
    runToEnd(launcher, process("quiet", "echo hidden", new LoggerConfig("none", null, null)), 0);
    runToEnd(launcher, process("teed", "echo shown", new LoggerConfig("both", null, null)), 0);
    assertFalse(Files.exists(logs("quiet", 0).resolve("stdout")));
    assertEquals("shown\n", Files.readString(logs("teed", 0).resolve("stdout")));
  }

  @Test
  void executorFlagsSetTheDefaultLoggerForProcessesWithoutOne() throws Exception {
    ExecutorSettings settings = ExecutorSettings.parse(List.of("--runner-logger-mode", "rotate",
        "--runner-rotate-log-size-mb", "1", "--runner-rotate-log-backups", "1"));
    ProcessLauncher launcher = new ProcessLauncher(sandbox, settings.defaultLogger());
    runToEnd(launcher, process("big", "head -c 1572864 /dev/zero", null), 0);
    assertEquals(1024 * 1024, Files.size(logs("big", 0).resolve("stdout.1")));
    assertEquals(512 * 1024, Files.size(logs("big", 0).resolve("stdout")));
  }
}
