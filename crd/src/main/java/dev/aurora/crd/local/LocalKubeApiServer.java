package dev.aurora.crd.local;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;

/**
 * A real kube-apiserver and etcd running as local processes, for tests and for the local bring-up
 * ({@code bin/aurora-operator up}). The binaries are the ones {@code bin/install-test-tools} builds from their Go
 * modules (no container engine exists on these machines). Each instance is a fresh, empty cluster.
 */
public final class LocalKubeApiServer implements AutoCloseable {
  private final KubeAPIServer server;
  private final ControlPlaneBinaries binaries;
  private final Path kubeconfig;
  private final KubernetesClient client;

  private LocalKubeApiServer(ControlPlaneBinaries binaries) throws IOException {
    this.binaries = binaries;
    // kube-api-test reads its settings from boolean environment variables that it cannot parse in 7.5.2, so every
    // setting is given through the builder.
    this.server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(binaries.toolsDir().toString())
        .withApiServerVersion(binaries.version())
        .withOfflineMode(true)
        .withUpdateKubeConfig(false)
        .withWaitForEtcdHealthCheckOnStartup(true)
        .withStartupTimeout(120_000)
        .build());
    server.start();
    String yaml = server.getKubeConfigYaml();
    this.kubeconfig = Files.createTempFile("aurora-kubeconfig-", ".yaml");
    Files.writeString(kubeconfig, yaml);
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
  }

  /** Starts a fresh API server, building the binaries first when the cache does not hold them yet. */
  public static LocalKubeApiServer start() {
    try {
      return new LocalKubeApiServer(ControlPlaneBinaries.ensureInstalled());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig file for this server, with cluster-admin credentials. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  /** Runs the real kubectl against this server. */
  public CommandResult kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binaries.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    CapturedRun run = CapturedRun.of(new ProcessBuilder(command), Duration.ofSeconds(60));
    return new CommandResult(run.exitCode(), run.stdoutText(), run.stderr());
  }

  @Override
  public void close() {
    client.close();
    server.stop();
    try {
      Files.deleteIfExists(kubeconfig);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a command printed and how it ended. */
  public record CommandResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }
  }
}
