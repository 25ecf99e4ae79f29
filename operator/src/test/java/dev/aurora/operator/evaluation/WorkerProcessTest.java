package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One worker JVM on its own, without a pool: its start-up, its clean-up and its self-defence as an orphan. */
class WorkerProcessTest {

  @Test
  void aWorkerWhoseParentStoppedWatchingEndsItselfAfterALoop() throws Exception {
    EvaluationLimits limits = EvaluationLimits.DEFAULTS.withTimeLimit(Duration.ofMillis(500));
    Path directory = Files.createTempDirectory("aurora-orphan-");
    Process worker = new ProcessBuilder(WorkerCommand.ofThisJvm().commandLine(limits, directory))
        .directory(directory.toFile()).redirectError(directory.resolve("stderr.log").toFile()).start();
    try {
      EvaluatorProtocol.decodeReady(Frames.read(worker.getInputStream(), 1 << 20));
      Frames.write(worker.getOutputStream(), EvaluatorProtocol.encode(
          Request.of(1, SandboxFixtures.hostile("infinite_loop.aurora"), limits)));
      // Nobody kills it at 0.5 s; it must end itself at 3 x 0.5 s + 5 s.
      assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "an orphaned worker kept looping");
      assertEquals(4, worker.exitValue());
      assertTrue(Files.readString(directory.resolve("stderr.log")).contains("outlived its parent's time limit"));
    } finally {
      worker.destroyForcibly();
      Files.deleteIfExists(directory.resolve("stderr.log"));
      Files.deleteIfExists(directory);
    }
  }

  @Test
  void aKilledWorkerLeavesNoDirectoryOrProcessBehind() throws Exception {
    WorkerProcess worker = WorkerProcess.start(WorkerCommand.ofThisJvm(), SandboxFixtures.testLimits(),
        Duration.ofSeconds(120));
    ProcessHandle handle = ProcessHandle.of(worker.pid()).orElseThrow();
    Path cwd = Path.of(handle.info().command().isPresent() ? "/proc/" + worker.pid() + "/cwd" : "/")
        .toRealPath();
    assertTrue(cwd.getFileName().toString().startsWith("aurora-evaluator-"), cwd.toString());
    assertTrue(Files.readString(Path.of("/proc/" + worker.pid() + "/environ")).isEmpty(),
        "the worker must start with an empty environment");
    worker.kill();
    assertFalse(handle.isAlive());
    assertFalse(Files.exists(cwd), "the worker's temp dir should be deleted");
  }
}
