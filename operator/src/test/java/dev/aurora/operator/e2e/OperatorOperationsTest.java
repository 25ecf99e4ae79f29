package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator of the operator relies on: the cluster and namespace-role checks, the metrics and probe endpoints,
 * quiet status (no write when nothing changed) and one leader at a time.
 */
@WithKubeApiServer
class OperatorOperationsTest {
  private static final String JOB = """
      jobs = [Job(cluster = '%s', role = '%s', environment = 'test', name = 'quiet',
                  task = SimpleTask(name = 'quiet', command = 'echo quiet'))]
      """;

  @Test
  void jobsForOtherClustersAndForeignRolesAreInvalid(KubernetesClient client, @TempDir Path root) {
    try (OperatorHarness operator = new OperatorHarness(client, root, "--namespace-roles", "shared=alpha,beta")) {
      operator.apply("alpha", "elsewhere", null, JOB.formatted("cluster2", "alpha"));
      AuroraJobStatus elsewhere = operator.await("alpha", "elsewhere", "Invalid",
          s -> s.phase() == AuroraJobPhase.Invalid, 60).getStatus();
      assertTrue(elsewhere.message().contains("no job for cluster 'cluster1'")
          && elsewhere.message().contains("cluster2/alpha/test/quiet"), elsewhere.message());

      operator.apply("alpha", "borrowed", null, JOB.formatted("cluster1", "root"));
      AuroraJobStatus borrowed = operator.await("alpha", "borrowed", "Invalid",
          s -> s.phase() == AuroraJobPhase.Invalid, 60).getStatus();
      assertTrue(borrowed.message().contains("role 'root' may not be used in namespace 'alpha'"),
          borrowed.message());

      // The configured policy: namespace "shared" may run roles alpha and beta.
      operator.apply("shared", "beta-job", null, JOB.formatted("cluster1", "beta"));
      operator.await("shared", "beta-job", "Succeeded", s -> s.phase() == AuroraJobPhase.Succeeded, 60);

      // One job key, one resource: a second AuroraJob for the same job is refused.
      operator.apply("shared", "beta-again", null, JOB.formatted("cluster1", "beta"));
      AuroraJobStatus twice = operator.await("shared", "beta-again", "Invalid",
          s -> s.phase() == AuroraJobPhase.Invalid, 60).getStatus();
      assertTrue(twice.message().contains("already run by AuroraJob shared/beta-job"), twice.message());
    }
  }

  @Test
  void metricsProbesAndQuietStatus(KubernetesClient client, @TempDir Path root) throws Exception {
    try (OperatorHarness operator = new OperatorHarness(client, root)) {
      operator.apply("metrics", "quiet", null, JOB.formatted("cluster1", "metrics"));
      AuroraJob done = operator.await("metrics", "quiet", "Succeeded", s -> s.phase() == AuroraJobPhase.Succeeded,
          60);
      String version = done.getMetadata().getResourceVersion();
      long writes = operator.runtime().reconciler().statusWrites();
      operator.apply("metrics", "quiet", null, JOB.formatted("cluster1", "metrics")); // same spec: no new generation
      Thread.sleep(2000);
      assertEquals(version, operator.job("metrics", "quiet").get().getMetadata().getResourceVersion(),
          "a settled job's status is not rewritten");
      assertEquals(writes, operator.runtime().reconciler().statusWrites());

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + operator.runtime().httpPort();
      assertEquals(200, get(http, base + "/healthz").statusCode());
      assertEquals(200, get(http, base + "/readyz").statusCode());
      String metrics = get(http, base + "/metrics").body();
      assertTrue(metrics.contains("# TYPE aurora_operator_reconciles_total counter"), metrics);
      assertTrue(metrics.contains("aurora_operator_tasks{state=\"FINISHED\"} 1"), metrics);
      assertTrue(metrics.contains("aurora_operator_task_launches_total 1"), metrics);
      assertTrue(metrics.matches("(?s).*aurora_operator_record_writes_total [1-9].*"), metrics);
      assertTrue(metrics.matches("(?s).*aurora_operator_evaluations_total\\{result=\"evaluated\"} [1-9].*"), metrics);
    }
  }

  @Test
  void onlyTheLeaseHolderSchedules(KubernetesClient client, @TempDir Path first, @TempDir Path second) {
    String[] election = {"--leader-election", "true", "--namespace", "default", "--lease-name", "aurora-test"};
    try (OperatorHarness leader = new OperatorHarness(client, first, election)) {
      Lease lease = awaitLease(client);
      assertNotNull(lease.getSpec().getHolderIdentity());
      // The lease is visible a moment before the leader's callback has loaded the records and started the core.
      for (int i = 0; i < 300 && leader.runtime().core() == null; i++) {
        OperatorHarness.sleep(100);
      }
      assertNotNull(leader.runtime().core(), "the leader runs the scheduling core");
      try (OperatorHarness follower = new OperatorHarness(client, second, election)) {
        OperatorHarness.sleep(3000);
        assertNull(follower.runtime().core(), "a replica without the lease does not talk to the backend");
        assertEquals(lease.getSpec().getHolderIdentity(), awaitLease(client).getSpec().getHolderIdentity());
      }
    }
  }

  private static Lease awaitLease(KubernetesClient client) {
    for (int i = 0; i < 300; i++) {
      Lease lease = client.leases().inNamespace("default").withName("aurora-test").get();
      if (lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null) {
        return lease;
      }
      OperatorHarness.sleep(100);
    }
    throw new AssertionError("no lease aurora-test was acquired");
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
