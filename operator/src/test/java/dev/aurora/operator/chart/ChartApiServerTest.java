package dev.aurora.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import dev.aurora.crd.testing.WithKubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The rendered chart applied to a real API server with server-side apply, and its RBAC asked with
 * {@code kubectl auth can-i} as the operator's ServiceAccount. The local API server authorizes with RBAC alone
 * (kube-api-test starts it with {@code --authorization-mode RBAC}), so a "no" here is a real refusal.
 *
 * <p>Two releases share the server: "aurora-operator" in aurora-system with the defaults (all namespaces, one
 * replica), and "scoped" in aurora-scoped watching team-a only, with two replicas (leader election) and a framework
 * secret.
 */
@WithKubeApiServer
@TestMethodOrder(MethodOrderer.MethodName.class)
class ChartApiServerTest {
  static final String CLUSTER_WIDE_SA = "system:serviceaccount:aurora-system:aurora-operator";
  static final String SCOPED_SA = "system:serviceaccount:aurora-scoped:scoped-aurora-operator";

  @BeforeAll
  static void install(LocalKubeApiServer server) throws IOException {
    HelmBinary helm = HelmBinary.ensureInstalled();
    for (String namespace : List.of("aurora-system", "aurora-scoped", "team-a", "team-b", "demo")) {
      ok(server.kubectl("create", "namespace", namespace));
    }
    RenderedChart clusterWide = RenderedChart.render(helm, "aurora-operator", "aurora-system", "--include-crds",
        "--set", "mesos.master=zk://zk:2181/mesos");
    apply(server, clusterWide);
    RenderedChart scoped = RenderedChart.render(helm, "scoped", "aurora-scoped",
        "--set", "mesos.master=zk://zk:2181/mesos", "--set", "watchNamespaces={team-a}", "--set", "replicaCount=2",
        "--set", "mesos.secretRef.name=framework");
    apply(server, scoped);
  }

  static void apply(LocalKubeApiServer server, RenderedChart chart) throws IOException {
    Path file = Files.createTempFile("aurora-chart-", ".yaml");
    try {
      Files.writeString(file, chart.yaml());
      ok(server.kubectl("apply", "--server-side", "--field-manager=helm-chart-test", "-f", file.toString()));
    } finally {
      Files.deleteIfExists(file);
    }
    if (!chart.ofKind("CustomResourceDefinition").isEmpty()) {
      ok(server.kubectl("wait", "--for=condition=Established", "crd/aurorajobs.aurora.dev", "--timeout=60s"));
    }
  }

  static String ok(CommandResult result) {
    assertEquals(0, result.exitCode(), () -> result.stdout() + result.stderr());
    return result.stdout();
  }

  @Test
  void everyRenderedObjectIsStoredAsApplied(LocalKubeApiServer server) {
    String deployments = ok(server.kubectl("get", "deployments", "-A", "-o",
        "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.spec.strategy.type} "
            + "{.spec.template.spec.automountServiceAccountToken}{\"\\n\"}{end}"));
    assertEquals("aurora-scoped/scoped-aurora-operator RollingUpdate false\n"
        + "aurora-system/aurora-operator Recreate false\n", deployments);
    String evaluatorMounts = ok(server.kubectl("get", "deployment", "aurora-operator", "-n", "aurora-system", "-o",
        "jsonpath={.spec.template.spec.containers[?(@.name==\"evaluator\")].volumeMounts[*].mountPath}"));
    assertEquals("/var/run/aurora-evaluator /tmp", evaluatorMounts);
    String serviceAccount = ok(server.kubectl("get", "serviceaccount", "aurora-operator", "-n", "aurora-system",
        "-o", "jsonpath={.automountServiceAccountToken}"));
    assertEquals("false", serviceAccount);
    ok(server.kubectl("get", "service", "aurora-operator-metrics", "-n", "aurora-system"));
    ok(server.kubectl("get", "rolebinding", "scoped-aurora-operator-jobs", "-n", "team-a"));
    assertEquals(1, server.kubectl("get", "rolebinding", "scoped-aurora-operator-jobs", "-n", "team-b").exitCode());
    // The CRD came with the chart, so AuroraJobs can be created now.
    ok(server.kubectl("apply", "--server-side", "-f",
        ControlPlaneBinaries.repositoryRoot().resolve("examples/hello-world.yaml").toString()));
  }

  @Test
  void theClusterWideOperatorMayDoItsJobEverywhere(LocalKubeApiServer server) {
    for (String namespace : List.of("demo", "team-b")) {
      for (String verb : List.of("get", "list", "watch", "patch", "update")) {
        assertCan(server, CLUSTER_WIDE_SA, verb, "aurorajobs.aurora.dev", "-n", namespace);
      }
      for (String verb : List.of("get", "patch", "update")) {
        assertCan(server, CLUSTER_WIDE_SA, verb, "aurorajobs.aurora.dev", "--subresource=status", "-n", namespace);
      }
      assertCan(server, CLUSTER_WIDE_SA, "update", "aurorajobs.aurora.dev", "--subresource=finalizers",
          "-n", namespace);
      for (String verb : List.of("create", "patch")) {
        assertCan(server, CLUSTER_WIDE_SA, verb, "events", "-n", namespace);
        assertCan(server, CLUSTER_WIDE_SA, verb, "events.events.k8s.io", "-n", namespace);
      }
    }
    assertCan(server, CLUSTER_WIDE_SA, "list", "aurorajobs.aurora.dev", "--all-namespaces");
    assertCan(server, CLUSTER_WIDE_SA, "watch", "aurorajobs.aurora.dev", "--all-namespaces");
    assertCan(server, CLUSTER_WIDE_SA, "create", "configmaps", "-n", "aurora-system");
    for (String verb : List.of("get", "update", "patch")) {
      assertCan(server, CLUSTER_WIDE_SA, verb, "configmaps/aurora-operator-framework", "-n", "aurora-system");
    }
  }

  @Test
  void theClusterWideOperatorMayDoNothingElse(LocalKubeApiServer server) {
    for (String verb : List.of("create", "delete", "deletecollection")) {
      assertCannot(server, CLUSTER_WIDE_SA, verb, "aurorajobs.aurora.dev", "-n", "demo");
    }
    assertCannot(server, CLUSTER_WIDE_SA, "delete", "aurorajobs.aurora.dev", "--subresource=finalizers", "-n", "demo");
    assertCannot(server, CLUSTER_WIDE_SA, "list", "events", "-n", "demo");
    assertCannot(server, CLUSTER_WIDE_SA, "delete", "events", "-n", "demo");
    for (String namespace : List.of("aurora-system", "demo")) {
      for (String verb : List.of("get", "list", "watch")) {
        assertCannot(server, CLUSTER_WIDE_SA, verb, "secrets", "-n", namespace);
      }
      for (String verb : List.of("get", "list", "create", "delete")) {
        assertCannot(server, CLUSTER_WIDE_SA, verb, "pods", "-n", namespace);
      }
    }
    assertCannot(server, CLUSTER_WIDE_SA, "create", "pods/exec", "-n", "aurora-system");
    assertCannot(server, CLUSTER_WIDE_SA, "create", "serviceaccounts/token", "-n", "aurora-system");
    // Its own state, and only that, in its own namespace.
    assertCannot(server, CLUSTER_WIDE_SA, "list", "configmaps", "-n", "aurora-system");
    assertCannot(server, CLUSTER_WIDE_SA, "get", "configmaps/kube-root-ca.crt", "-n", "aurora-system");
    assertCannot(server, CLUSTER_WIDE_SA, "delete", "configmaps/aurora-operator-framework", "-n", "aurora-system");
    assertCannot(server, CLUSTER_WIDE_SA, "create", "configmaps", "-n", "demo");
    assertCannot(server, CLUSTER_WIDE_SA, "get", "configmaps/aurora-operator-framework", "-n", "demo");
    // One replica: no leader election, so no Lease at all.
    for (String verb : List.of("get", "create", "update")) {
      assertCannot(server, CLUSTER_WIDE_SA, verb, "leases.coordination.k8s.io/aurora-operator",
          "-n", "aurora-system");
    }
    assertCannot(server, CLUSTER_WIDE_SA, "update", "customresourcedefinitions.apiextensions.k8s.io");
    assertCannot(server, CLUSTER_WIDE_SA, "create", "clusterrolebindings.rbac.authorization.k8s.io");
    assertCannot(server, CLUSTER_WIDE_SA, "*", "*", "-n", "aurora-system");
  }

  @Test
  void theScopedOperatorIsConfinedToItsNamespaces(LocalKubeApiServer server) {
    for (String verb : List.of("get", "list", "watch", "patch", "update")) {
      assertCan(server, SCOPED_SA, verb, "aurorajobs.aurora.dev", "-n", "team-a");
      assertCannot(server, SCOPED_SA, verb, "aurorajobs.aurora.dev", "-n", "team-b");
    }
    assertCan(server, SCOPED_SA, "patch", "aurorajobs.aurora.dev", "--subresource=status", "-n", "team-a");
    assertCannot(server, SCOPED_SA, "patch", "aurorajobs.aurora.dev", "--subresource=status", "-n", "team-b");
    assertCan(server, SCOPED_SA, "update", "aurorajobs.aurora.dev", "--subresource=finalizers", "-n", "team-a");
    assertCan(server, SCOPED_SA, "create", "events", "-n", "team-a");
    assertCannot(server, SCOPED_SA, "create", "events", "-n", "team-b");
    assertCannot(server, SCOPED_SA, "list", "aurorajobs.aurora.dev", "--all-namespaces");
    // Two replicas: leader election, with its own Lease in its own namespace.
    assertCan(server, SCOPED_SA, "create", "leases.coordination.k8s.io", "-n", "aurora-scoped");
    assertCan(server, SCOPED_SA, "get", "leases.coordination.k8s.io/scoped-aurora-operator", "-n", "aurora-scoped");
    assertCan(server, SCOPED_SA, "update", "leases.coordination.k8s.io/scoped-aurora-operator",
        "-n", "aurora-scoped");
    assertCannot(server, SCOPED_SA, "delete", "leases.coordination.k8s.io/scoped-aurora-operator",
        "-n", "aurora-scoped");
    assertCannot(server, SCOPED_SA, "update", "leases.coordination.k8s.io/aurora-operator", "-n", "aurora-scoped");
    assertCannot(server, SCOPED_SA, "list", "leases.coordination.k8s.io", "-n", "aurora-scoped");
    for (String namespace : List.of("kube-system", "aurora-system", "team-a")) {
      assertCannot(server, SCOPED_SA, "create", "leases.coordination.k8s.io", "-n", namespace);
      assertCannot(server, SCOPED_SA, "get", "leases.coordination.k8s.io/scoped-aurora-operator", "-n", namespace);
    }
    assertCan(server, SCOPED_SA, "get", "configmaps/scoped-aurora-operator-framework", "-n", "aurora-scoped");
    // The framework secret is mounted as a file: the API grants no Secret, not even the configured one.
    assertCannot(server, SCOPED_SA, "get", "secrets/framework", "-n", "aurora-scoped");
    assertCannot(server, SCOPED_SA, "get", "pods", "-n", "team-a");
    // Neither operator holds the other's permissions.
    assertCannot(server, CLUSTER_WIDE_SA, "get", "configmaps/scoped-aurora-operator-framework",
        "-n", "aurora-scoped");
    assertCannot(server, SCOPED_SA, "get", "configmaps/aurora-operator-framework", "-n", "aurora-system");
  }

  static void assertCan(LocalKubeApiServer server, String user, String verb, String resource, String... more) {
    assertEquals("yes", canI(server, user, verb, resource, more),
        () -> user + " should be allowed to " + verb + " " + resource + " " + String.join(" ", more));
  }

  static void assertCannot(LocalKubeApiServer server, String user, String verb, String resource, String... more) {
    assertEquals("no", canI(server, user, verb, resource, more),
        () -> user + " must not be allowed to " + verb + " " + resource + " " + String.join(" ", more));
  }

  /** kubectl auth can-i: "yes" with exit code 0, "no" with exit code 1; anything else is an error. */
  static String canI(LocalKubeApiServer server, String user, String verb, String resource, String... more) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i", "--as=" + user, verb, resource));
    args.addAll(List.of(more));
    CommandResult result = server.kubectl(args.toArray(String[]::new));
    String answer = result.stdout().trim();
    assertTrue((result.exitCode() == 0 && answer.equals("yes")) || (result.exitCode() == 1 && answer.equals("no")),
        () -> "kubectl " + String.join(" ", args) + " exited " + result.exitCode() + ": " + result.stdout()
            + result.stderr());
    return answer;
  }
}
