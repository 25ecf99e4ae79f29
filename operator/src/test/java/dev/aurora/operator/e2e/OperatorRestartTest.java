package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static dev.aurora.operator.e2e.OperatorHarness.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restarted operator (same API server, same local backend root) must not forget. */
@WithKubeApiServer
class OperatorRestartTest {
  private static final String BATCH = """
      jobs = [Job(cluster = 'cluster1', role = 'again', environment = 'test', name = 'once', instances = 2,
                  task = SimpleTask(name = 'once', command = 'echo once'))]
      """;
  private static final String SERVICE = """
      jobs = [Service(cluster = 'cluster1', role = 'again', environment = 'test', name = 'svc', instances = 2,
                      task = SimpleTask(name = 'svc', command = 'while true; do sleep 1; done'))]
      """;

  @Test
  void aFinishedBatchJobDoesNotRunAgainAfterARestart(KubernetesClient client, @TempDir Path root) throws IOException {
    List<String> before;
    try (OperatorHarness first = new OperatorHarness(client, root)) {
      first.apply("again", "once", null, BATCH);
      before = taskIds(first.await("again", "once", "Succeeded", s -> s.phase() == AuroraJobPhase.Succeeded, 60)
          .getStatus());
    }
    try (OperatorHarness second = new OperatorHarness(client, root)) {
      second.apply("again", "once", null, BATCH + "# a comment: a new generation, the same job\n");
      AuroraJobStatus after = second.await("again", "once", "Succeeded at generation 2",
          s -> s.observedGeneration() == 2 && s.phase() == AuroraJobPhase.Succeeded, 60).getStatus();
      assertEquals(before, taskIds(after));
      assertEquals(2, taskDirectories(root, "again-test-once-"), "no task was launched again");
    }
  }

  @Test
  void aJobDeletedWhileTheOperatorWasDownIsKilledWhenItReturns(KubernetesClient client, @TempDir Path root)
      throws IOException {
    List<String> running;
    try (OperatorHarness first = new OperatorHarness(client, root)) {
      first.apply("again", "svc", null, SERVICE);
      running = taskIds(first.await("again", "svc", "2 running", s -> inState(s, "RUNNING") == 2, 60).getStatus());
    }
    // While no operator runs: the source is broken and the resource deleted (the finalizer holds it).
    OperatorHarness kube = OperatorHarness.clientOnly(client, root);
    kube.apply("again", "svc", null, "jobs = [\n");
    kube.job("again", "svc").delete();
    try (OperatorHarness second = new OperatorHarness(client, root)) {
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (second.job("again", "svc").get() != null && System.nanoTime() < deadline) {
        OperatorHarness.sleep(200);
      }
      assertNull(second.job("again", "svc").get(), "the finalizer was released");
      for (String taskId : running) {
        String state = Files.readString(root.resolve(taskId).resolve("state")).trim();
        assertEquals("KILLED", state, taskId + " was killed before the resource went away");
      }
    }
  }

  @Test
  void aRolledBackRolloutIsNotTriedAgainAfterARestart(KubernetesClient client, @TempDir Path root) throws IOException {
    String good = """
        jobs = [Service(cluster = 'cluster1', role = 'again', environment = 'test', name = 'roll', instances = 2,
                        task = SimpleTask(name = 'roll', command = '%s'),
                        update_config = UpdateConfig(batch_size = 1, watch_secs = 1, max_per_shard_failures = 0,
                                                     max_total_failures = 0, rollback_on_failure = True))]
        """;
    List<String> settled;
    long directories;
    try (OperatorHarness first = new OperatorHarness(client, root)) {
      first.apply("again", "roll", null, good.formatted("while true; do sleep 1; done"));
      first.await("again", "roll", "2 running", s -> inState(s, "RUNNING") == 2, 60);
      first.apply("again", "roll", null, good.formatted("exit 1"));
      settled = taskIds(first.await("again", "roll", "rolled back",
          s -> s.update() != null && "ROLLED_BACK".equals(s.update().state()) && inState(s, "RUNNING") == 2, 90)
          .getStatus());
      directories = taskDirectories(root, "again-test-roll-");
    }
    try (OperatorHarness second = new OperatorHarness(client, root)) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (second.runtime().reconciler().reconciles() < 3 && System.nanoTime() < deadline) {
        OperatorHarness.sleep(100);
      }
      OperatorHarness.sleep(3000); // long enough for a rollout to start: batch_size 1 would kill an instance at once
      AuroraJobStatus after = second.job("again", "roll").get().getStatus();
      assertEquals("ROLLED_BACK", after.update().state(), "the failed rollout stays rolled back");
      assertEquals(settled, taskIds(after), "the instances on the old config are left alone");
      assertEquals(directories, taskDirectories(root, "again-test-roll-"), "nothing was launched");
      second.job("again", "roll").delete(); // the class shares one API server: leave nothing for the next test
      long gone = System.nanoTime() + 60_000_000_000L;
      while (second.job("again", "roll").get() != null && System.nanoTime() < gone) {
        OperatorHarness.sleep(200);
      }
    }
  }

  private static List<String> taskIds(AuroraJobStatus status) {
    return tasks(status).stream().map(InstanceStatus::taskId).sorted().toList();
  }

  private static long taskDirectories(Path root, String prefix) throws IOException {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)
          && Files.isRegularFile(d.resolve("task.json"))).count();
    }
  }
}
