package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobCondition;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.operator.evaluation.EvaluatorSocketServer;
import dev.aurora.operator.evaluation.PoolSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 6: an evaluator that cannot be reached (the sidecar not started yet, or gone) says nothing about the
 * user's config. The resource is not Invalid: ConfigValid is Unknown with reason EvaluatorUnavailable, the phase is
 * left alone, and the operator asks again with back-off until the evaluator answers.
 */
@WithKubeApiServer
class EvaluatorOutageTest {
  private static final String HELLO = """
      hello = Process(name = 'hello', cmdline = 'echo hello')
      jobs = [Job(cluster = 'cluster1', role = 'outage', environment = 'test', name = 'hello',
                  task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
      """;

  @Test
  void anUnreachableEvaluatorIsRetriedAndNeverMakesTheResourceInvalid(KubernetesClient client, @TempDir Path root)
      throws Exception {
    Path socket = root.resolve("evaluator.sock");
    try (OperatorHarness operator = new OperatorHarness(client, root.resolve("tasks"),
        "--evaluator-socket", socket.toString())) {
      operator.apply("outage", "hello", null, HELLO);
      AuroraJob waiting = awaitConfigValid(operator, "Unknown", 60);
      AuroraJobCondition configValid = condition(waiting.getStatus(), "ConfigValid");
      assertEquals("EvaluatorUnavailable", configValid.reason());
      assertEquals(AuroraJobPhase.Pending, waiting.getStatus().phase(), "an unevaluated resource is not Invalid");
      assertNull(waiting.getStatus().observedGeneration(), "a generation that was never evaluated is not observed");

      try (EvaluatorSocketServer sidecar = EvaluatorSocketServer.start(PoolSettings.defaults().withSize(1), socket)) {
        sidecar.awaitWarm(Duration.ofSeconds(120));
        AuroraJobStatus done = operator.await("outage", "hello", "Succeeded once the evaluator answers",
            s -> s.phase() == AuroraJobPhase.Succeeded, 180).getStatus();
        assertEquals("True", condition(done, "ConfigValid").status());
      }
    }
  }

  private static AuroraJob awaitConfigValid(OperatorHarness operator, String status, int seconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    AuroraJob last = null;
    while (System.nanoTime() < deadline) {
      last = operator.job("outage", "hello").get();
      if (last != null && last.getStatus() != null && condition(last.getStatus(), "ConfigValid") != null
          && status.equals(condition(last.getStatus(), "ConfigValid").status())) {
        return last;
      }
      OperatorHarness.sleep(200);
    }
    throw new AssertionError("ConfigValid never became " + status + "; last status: "
        + (last == null ? null : last.getStatus()));
  }

  private static AuroraJobCondition condition(AuroraJobStatus status, String type) {
    return status.conditions() == null ? null
        : status.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
  }
}
