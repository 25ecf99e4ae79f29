package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.operator.backend.local.LocalBackend;
import dev.aurora.operator.backend.local.LocalBackendSettings;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.runtime.OperatorSettings;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The operator as the end-to-end tests run it: in this JVM, against the test's real API server, with the local backend
 * running the real executor (from this JVM's class path) as child processes under {@code root}.
 */
final class OperatorHarness implements AutoCloseable {
  final KubernetesClient client;
  final Path root;
  private final OperatorRuntime runtime;

  OperatorHarness(KubernetesClient client, Path root, String... extraArgs) {
    this(client, root, new OperatorRuntime(OperatorSettings.parse(concat(new String[] {"--backend", "local",
        "--http-port", "0", "--local-root", root.toString()}, extraArgs), Map.of()), client,
        SchedulerSettings.defaults(), settings -> new LocalBackend(backendSettings(root))));
    runtime.start();
  }

  private OperatorHarness(KubernetesClient client, Path root, OperatorRuntime runtime) {
    this.client = client;
    this.root = root;
    this.runtime = runtime;
    installCrd(client);
  }

  /** Only the client-side helpers, for tests that run the operator as a process of its own. */
  static OperatorHarness clientOnly(KubernetesClient client, Path root) {
    return new OperatorHarness(client, root, (OperatorRuntime) null);
  }

  static LocalBackendSettings backendSettings(Path root) {
    return new LocalBackendSettings(root, LocalBackendSettings.javaCommand(
        List.of("-cp", executorClassPath(), "dev.aurora.executor.Main")), Duration.ofSeconds(30),
        "localhost", Duration.ofMillis(50));
  }

  OperatorRuntime runtime() {
    return runtime;
  }

  static void installCrd(KubernetesClient client) {
    AuroraJobCrd.install(client);
  }

  void namespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  AuroraJob apply(String namespace, String name, String job, String source) {
    return apply(namespace, name, job, source, Map.of());
  }

  AuroraJob apply(String namespace, String name, String job, String source, Map<String, String> files) {
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setJob(job);
    spec.setSource(source);
    spec.setFiles(files.isEmpty() ? null : files);
    return apply(namespace, name, spec);
  }

  AuroraJob apply(String namespace, String name, AuroraJobSpec spec) {
    namespace(namespace);
    AuroraJob resource = new AuroraJob();
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    resource.setSpec(spec);
    return client.resource(resource).forceConflicts().serverSideApply();
  }

  Resource<AuroraJob> job(String namespace, String name) {
    return client.resources(AuroraJob.class).inNamespace(namespace).withName(name);
  }

  /** Waits for the job's status to satisfy {@code condition} at the current generation; fails with the last status. */
  AuroraJob await(String namespace, String name, String what, Predicate<AuroraJobStatus> condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AuroraJob last = null;
    while (System.nanoTime() < deadline) {
      last = job(namespace, name).get();
      if (last != null && last.getStatus() != null
          && last.getMetadata().getGeneration().equals(last.getStatus().observedGeneration())
          && condition.test(last.getStatus())) {
        return last;
      }
      sleep(200);
    }
    fail(namespace + "/" + name + " never reached " + what + " within " + seconds + " s; last status: "
        + (last == null ? "(gone)" : last.getStatus()));
    return null;
  }

  /**
   * Saves the resource as the API server returns it under {@code target/argocd-recorded/NAME.json}: the statuses the
   * Argo CD health script is tested on (src/test/resources/argocd) are copied from there.
   */
  void record(String namespace, String name, String fixture) {
    AuroraJob job = job(namespace, name).get();
    if (job == null) {
      return;
    }
    try {
      Path dir = Files.createDirectories(Path.of("target", "argocd-recorded"));
      Files.writeString(dir.resolve(fixture + ".json"), Serialization.asJson(job));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #await} but for passing states a test may miss: true when seen. */
  boolean sees(String namespace, String name, Predicate<AuroraJobStatus> condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      AuroraJob job = job(namespace, name).get();
      if (job != null && job.getStatus() != null && condition.test(job.getStatus())) {
        return true;
      }
      sleep(50);
    }
    return false;
  }

  static List<InstanceStatus> tasks(AuroraJobStatus status) {
    return status.tasks() == null ? List.of() : status.tasks();
  }

  static long inState(AuroraJobStatus status, String state) {
    return tasks(status).stream().filter(t -> state.equals(t.state())).count();
  }

  Path sandbox(String taskId) {
    return root.resolve(taskId).resolve("sandbox");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  /**
   * The executor's classes and what every task needs of its dependencies (the backend SPI, jackson-core), from this
   * JVM's class path (the reactor builds them first). Under {@code mvn test} these are class directories; under
   * {@code verify} the executor is its shaded jar, which holds them all.
   */
  static String executorClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("mesos-bridge" + File.separator + "executor") || e.contains("aurora-executor")
            || e.contains("backend-spi" + File.separator) || e.contains("aurora-backend-spi")
            || Path.of(e).getFileName().toString().startsWith("jackson-core"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
