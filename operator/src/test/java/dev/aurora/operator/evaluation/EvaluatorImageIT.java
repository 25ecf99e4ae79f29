package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.loader.JobKey;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.image.ContainerImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator container of the chart, from the real image under a real container runtime: non-root, read-only root
 * file system, no network, its socket in a shared directory. Through that socket it refuses hostile configs and
 * evaluates a good one.
 */
class EvaluatorImageIT {
  private static final String HELLO_WORLD = """
      hello = Process(name = 'hello', cmdline = 'echo hello from the image')
      jobs = [Job(cluster = 'cluster1', role = 'demo', environment = 'test', name = 'hello',
                  task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
      """;

  @Test
  void refusesHostileConfigsAndEvaluatesAGoodOneOverItsSocket(@TempDir Path shared) throws Exception {
    // The chart's emptyDir: writable by the container's user, readable by the operator (here the test).
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path socket = shared.resolve("evaluator.sock");
    String name = "aurora-evaluator-it-" + ProcessHandle.current().pid();
    ContainerImage.start(name, List.of("--network", "none", "-v", shared + ":/var/run/aurora-evaluator"),
        List.of("evaluator", "serve", "--socket", "/var/run/aurora-evaluator/evaluator.sock", "--pool-size", "1",
            "--time-limit-seconds", "5"));
    try (UnixSocketEvaluator client = new UnixSocketEvaluator(socket, SandboxFixtures.testLimits(),
        Duration.ofSeconds(60))) {
      EvaluationInput hello = EvaluationInput.of("hello.aurora", HELLO_WORLD).withEnvironment(Map.of("USER", "demo"));
      EvaluationOutcome first = awaitAnswer(client, hello, name);
      assertTrue(first.ok(), () -> first.failure().render());
      assertEquals(new JobKey("cluster1", "demo", "test", "hello"), first.jobs().get(0).key());

      EvaluationFailure passwd = client.evaluate(SandboxFixtures.hostile("open_passwd.aurora")).failure();
      assertEquals(Kind.INVALID_CONFIG, passwd.kind(), passwd::render);
      assertTrue(passwd.message().contains("open() is not available in a .aurora file"), passwd::render);

      EvaluationFailure subprocess = client.evaluate(SandboxFixtures.hostile("import_subprocess.aurora")).failure();
      assertTrue(subprocess.message().contains("import of 'subprocess' is not allowed"), subprocess::render);

      EvaluationFailure loop = client.evaluate(SandboxFixtures.hostile("infinite_loop.aurora")).failure();
      assertEquals(Kind.TIME_LIMIT, loop.kind(), loop::render);

      // The pool replaced the worker it killed and still serves.
      EvaluationOutcome again = client.evaluate(hello);
      assertTrue(again.ok(), () -> again.failure().render());
    } finally {
      ContainerImage.remove(name);
    }
  }

  /** The first answer once the container's pool is warm: until then the socket is absent or refuses. */
  private static EvaluationOutcome awaitAnswer(UnixSocketEvaluator client, EvaluationInput input, String container)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    EvaluationOutcome outcome = client.evaluate(input);
    while (!outcome.ok() && outcome.failure().kind() == Kind.WORKER_FAILURE && System.nanoTime() < deadline) {
      Thread.sleep(250);
      outcome = client.evaluate(input);
    }
    EvaluationOutcome last = outcome;
    assertTrue(last.ok() || last.failure().kind() != Kind.WORKER_FAILURE,
        () -> "the evaluator container never answered: " + last.failure().render() + "\n"
            + ContainerImage.podman("logs", container).stderr());
    return last;
  }
}
