package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator as a sidecar: the same protocol over a Unix domain socket, with a pool behind it. */
class EvaluatorSocketTest {
  private static Path directory;
  private static EvaluatorSocketServer server;

  @BeforeAll
  static void startServer() throws Exception {
    directory = Files.createTempDirectory("aurora-sock-");
    Path socket = directory.resolve("evaluator.sock");
    Files.writeString(socket, "left over by a previous container");
    server = EvaluatorSocketServer.start(PoolSettings.defaults().withSize(1)
        .withLimits(SandboxFixtures.testLimits().withTimeLimit(Duration.ofSeconds(2))), socket);
    assertTrue(server.awaitWarm(Duration.ofSeconds(120)), "the sidecar's pool did not warm up");
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
    Files.deleteIfExists(directory);
  }

  @Test
  void evaluatesThroughTheSocketAndKeepsServingAfterATimeout() {
    try (UnixSocketEvaluator client = client(SandboxFixtures.testLimits())) {
      assertEquals(server.pool().evaluatorVersion(), client.evaluatorVersion());
      EvaluationOutcome hello = client.evaluate(SandboxFixtures.helloWorld());
      assertTrue(hello.ok(), () -> hello.failure().render());
      assertEquals("jdoe", hello.jobs().get(0).key().role());

      EvaluationOutcome loop = client.evaluate(SandboxFixtures.hostile("infinite_loop.aurora"));
      assertEquals(EvaluationFailure.of(Kind.TIME_LIMIT, "evaluation exceeded 2 s"), loop.failure());
      assertTrue(client.evaluate(SandboxFixtures.helloWorld()).ok());
    }
  }

  @Test
  void theCallersTighterLimitWins() {
    try (UnixSocketEvaluator client = client(SandboxFixtures.testLimits().withTimeLimit(Duration.ofSeconds(1)))) {
      EvaluationOutcome loop = client.evaluate(SandboxFixtures.hostile("infinite_loop.aurora"));
      assertEquals("evaluation exceeded 1 s", loop.failure().message());
    }
  }

  @Test
  void aPeerSpeakingAnotherProtocolVersionIsDisconnectedWithoutHarm() throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(server.socketPath()));
      var in = Channels.newInputStream(channel);
      EvaluatorProtocol.decodeReady(Frames.read(in, 1 << 20));
      Frames.write(Channels.newOutputStream(channel),
          "{\"protocol\":99,\"type\":\"request\"}".getBytes(StandardCharsets.UTF_8));
      assertNull(Frames.read(in, 1 << 20), "the server should hang up");
    }
    try (UnixSocketEvaluator client = client(SandboxFixtures.testLimits())) {
      assertTrue(client.evaluate(SandboxFixtures.helloWorld()).ok());
    }
  }

  @Test
  void anUnreachableSidecarIsAWorkerFailureNotAHang() {
    try (UnixSocketEvaluator client = new UnixSocketEvaluator(directory.resolve("nobody.sock"),
        SandboxFixtures.testLimits(), Duration.ofSeconds(5))) {
      EvaluationFailure failure = client.evaluate(SandboxFixtures.helloWorld()).failure();
      assertEquals(Kind.WORKER_FAILURE, failure.kind());
      assertTrue(failure.message().contains("nobody.sock"), failure::render);
    }
  }

  @Test
  void theSidecarRunsAsItsOwnProcessFromTheCommandLine() throws Exception {
    Path socket = directory.resolve("cli.sock");
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), EvaluatorMain.class.getName(), "serve", "--socket", socket.toString(),
        "--pool-size", "1", "--time-limit-seconds", "5");
    Process sidecar = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(directory.resolve("cli.log").toFile()).start();
    try (UnixSocketEvaluator client = client(socket, SandboxFixtures.testLimits())) {
      EvaluationOutcome outcome = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline && sidecar.isAlive()) {
        outcome = client.evaluate(SandboxFixtures.helloWorld());
        if (outcome.ok()) {
          break;
        }
        Thread.sleep(200);
      }
      EvaluationOutcome last = outcome;
      assertTrue(last != null && last.ok(), () -> "sidecar never answered: "
          + (last == null ? "" : last.failure().render()) + SandboxFixtures.read(directory.resolve("cli.log")));
    } finally {
      sidecar.destroy();
      sidecar.waitFor();
      Files.deleteIfExists(directory.resolve("cli.log"));
    }
    assertTrue(Files.notExists(socket), "the sidecar should remove its socket when it stops");
  }

  private static UnixSocketEvaluator client(EvaluationLimits limits) {
    return client(server.socketPath(), limits);
  }

  private static UnixSocketEvaluator client(Path socket, EvaluationLimits limits) {
    return new UnixSocketEvaluator(socket, limits, Duration.ofSeconds(60));
  }
}
