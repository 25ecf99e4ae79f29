package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.operator.image.ContainerImage;
import dev.aurora.operator.image.ContainerImage.CommandOutput;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator container of the chart, from the real image under a real container runtime (non-root, read-only root
 * file system): it reaches a real API server, becomes ready, and runs the repository's hello world AuroraJob
 * (examples/hello-world.yaml) to the end with the local backend, the executor running inside the container.
 */
@WithKubeApiServer
class OperatorImageIT {

  @Test
  void startsReachesTheApiServerAndRunsHelloWorld(LocalKubeApiServer server, KubernetesClient client,
      @TempDir Path dir) throws Exception {
    String image = ContainerImage.image();
    OperatorHarness jobs = OperatorHarness.clientOnly(client, dir);
    // A kubeconfig with the certificates inline (the server's refers to files under root's home), readable by the
    // container's user and mounted read-only, as the chart mounts the ServiceAccount token.
    LocalKubeApiServer.CommandResult flat = server.kubectl("config", "view", "--raw", "--flatten");
    assertTrue(flat.ok(), flat::stderr);
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), flat.stdout());
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = freePort();
    String name = "aurora-operator-it-" + ProcessHandle.current().pid();

    long started = System.nanoTime();
    ContainerImage.start(name, List.of("--network", "host", "-v", kubeconfig + ":/etc/aurora/kubeconfig:ro",
        "-e", "KUBECONFIG=/etc/aurora/kubeconfig"),
        List.of("run", "--backend", "local", "--http-port", String.valueOf(port), "--local-root", "/tmp/aurora"));
    try {
      awaitReady(port, name);
      double readySeconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("operator image %s: container start to ready operator (/readyz) in %.2f s%n", image,
          readySeconds);

      AuroraJob hello;
      try (InputStream in = Files.newInputStream(ContainerImage.repositoryRoot().resolve("examples/hello-world.yaml"))) {
        hello = Serialization.unmarshal(in, AuroraJob.class);
      }
      jobs.apply("demo", "hello-world", hello.getSpec());
      AuroraJob done = jobs.await("demo", "hello-world", "Succeeded",
          s -> s.phase() == AuroraJobPhase.Succeeded, 120);
      assertEquals("cluster1/demo/test/hello_world", done.getSpec().getJob());

      // The task ran inside the container: its sandbox there holds the process's output.
      CommandOutput stdout = ContainerImage.podman("exec", name, "sh", "-c",
          "cat $(find /tmp/aurora -path '*/.logs/hello_world/0/stdout')");
      assertEquals(0, stdout.exitCode(), stdout::stderr);
      assertEquals("hello world\n", stdout.stdout());
    } finally {
      ContainerImage.remove(name);
    }
  }

  private static void awaitReady(int port, String container) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/readyz").toURL()
            .openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(1000);
        if (connection.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      CommandOutput state = ContainerImage.podman("inspect", "--format", "{{.State.Running}}", container);
      assertTrue(state.stdout().trim().equals("true"), () -> "the operator container stopped:\n"
          + ContainerImage.podman("logs", container).stderr());
      Thread.sleep(100);
    }
    fail("the operator container was not ready within 120 s:\n" + ContainerImage.podman("logs", container).stderr());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
