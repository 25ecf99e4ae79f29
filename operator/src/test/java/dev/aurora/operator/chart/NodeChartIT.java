package dev.aurora.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.operator.image.ContainerImage;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `helm install` of the chart on a real node: a kubelet with containerd and runc (bin/local-node) against a real API
 * server, the operator image loaded into containerd. The Deployment's pod runs both containers of the image, the
 * operator reaches the API server with the pod's own ServiceAccount token, and it runs the hello world AuroraJob with
 * the local backend inside the pod.
 */
@WithKubeApiServer
class NodeChartIT {
  private static final String RELEASE_NAMESPACE = "aurora-system";

  @Test
  void helmInstallRunsTheOperatorPodWhichRunsHelloWorld(LocalKubeApiServer server, KubernetesClient client,
      @TempDir Path dir) throws Exception {
    ContainerImage.requireTools("containerd", "ctr", "runc", "podman", "go");
    String image = "localhost/" + ContainerImage.image();
    CommandResult flat = server.kubectl("config", "view", "--raw", "--flatten");
    assertTrue(flat.ok(), flat::stderr);
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), flat.stdout());
    URI apiServer = URI.create(client.getConfiguration().getMasterUrl());
    Path node = dir.resolve("node");
    Path localNode = ContainerImage.repositoryRoot().resolve("bin/local-node");

    Command start = Command.run(List.of(localNode.toString(), "start", node.toString(), kubeconfig.toString(), image),
        ContainerImage.logFile("local-node-start"), 600);
    try {
      assertEquals(0, start.exitCode(), () -> "bin/local-node start failed:\n" + start.output() + logs(node));
      String nodeName = start.output().strip().lines().reduce((a, b) -> b).orElseThrow();

      int port = freePort();
      String colon = image.lastIndexOf(':') > image.lastIndexOf('/') ? ":" : "";
      String repository = colon.isEmpty() ? image : image.substring(0, image.lastIndexOf(':'));
      String tag = colon.isEmpty() ? "latest" : image.substring(image.lastIndexOf(':') + 1);
      long installed = System.nanoTime();
      CommandResult helm = HelmBinary.ensureInstalled().run("install", "aurora", HelmBinary.chartDir().toString(),
          "--kubeconfig", kubeconfig.toString(), "-n", RELEASE_NAMESPACE, "--create-namespace",
          "--wait", "--timeout", "5m",
          "--set", "backend=local", "--set", "image.repository=" + repository, "--set", "image.tag=" + tag,
          "--set", "image.pullPolicy=Never", "--set", "hostNetwork=true", "--set", "metrics.port=" + port,
          "--set-json", "operator.extraEnv=[{\"name\":\"KUBERNETES_SERVICE_HOST\",\"value\":\"" + apiServer.getHost()
              + "\"},{\"name\":\"KUBERNETES_SERVICE_PORT\",\"value\":\"" + apiServer.getPort() + "\"}]");
      assertEquals(0, helm.exitCode(), () -> "helm install failed: " + helm.stderr() + podState(client) + logs(node));
      System.out.printf("helm install to a ready operator pod on %s: %.1f s%n", nodeName,
          (System.nanoTime() - installed) / 1e9);

      Pod pod = client.pods().inNamespace(RELEASE_NAMESPACE).list().getItems().get(0);
      assertEquals(nodeName, pod.getSpec().getNodeName());
      assertEquals(List.of("operator", "evaluator"),
          pod.getStatus().getContainerStatuses().stream().map(s -> s.getName()).sorted((a, b) -> b.compareTo(a))
              .toList());
      assertTrue(pod.getStatus().getContainerStatuses().stream().allMatch(s -> Boolean.TRUE.equals(s.getReady())),
          () -> podState(client));

      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build())
          .serverSideApply();
      AuroraJob hello;
      try (InputStream in = Files.newInputStream(ContainerImage.repositoryRoot().resolve("examples/hello-world.yaml"))) {
        hello = Serialization.unmarshal(in, AuroraJob.class);
      }
      client.resource(hello).create();
      awaitSucceeded(client, node);
    } finally {
      HelmBinary.configured().run("uninstall", "aurora", "--kubeconfig", kubeconfig.toString(), "-n",
          RELEASE_NAMESPACE, "--wait", "--timeout", "60s");
      Command stop = Command.run(List.of(localNode.toString(), "stop", node.toString()),
          ContainerImage.logFile("local-node-stop"), 120);
      assertEquals(0, stop.exitCode(), stop::output);
    }
  }

  private static void awaitSucceeded(KubernetesClient client, Path node) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    AuroraJob last = null;
    while (System.nanoTime() < deadline) {
      last = client.resources(AuroraJob.class).inNamespace("demo").withName("hello-world").get();
      if (last != null && last.getStatus() != null && last.getStatus().phase() == AuroraJobPhase.Succeeded) {
        return;
      }
      Thread.sleep(250);
    }
    fail("demo/hello-world did not succeed within 180 s; last status: " + (last == null ? "(gone)" : last.getStatus())
        + podState(client) + logs(node));
  }

  private static String podState(KubernetesClient client) {
    StringBuilder state = new StringBuilder("\npods:");
    for (Pod pod : client.pods().inNamespace(RELEASE_NAMESPACE).list().getItems()) {
      state.append('\n').append(Serialization.asYaml(pod.getStatus()));
    }
    return state.toString();
  }

  /** The ends of the node's logs (kubelet, containerd, controllers) and of the pod's container logs. */
  private static String logs(Path node) {
    StringBuilder out = new StringBuilder();
    try (var files = Files.walk(node)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)).toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("\n--- ").append(log).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      }
    } catch (IOException e) {
      out.append("\n(logs unreadable: ").append(e).append(')');
    }
    return out.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A finished command: exit code and its standard output and error together. */
  private record Command(int exitCode, String output) {
    static Command run(List<String> command, Path log, int seconds) throws IOException, InterruptedException {
      Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Command(-1, Files.readString(log) + "\n(timed out after " + seconds + " s)");
      }
      return new Command(process.exitValue(), Files.readString(log));
    }
  }
}
