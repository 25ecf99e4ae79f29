package dev.aurora.operator.cli;

import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.operator.cli.plugin.KubectlAurora;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.runtime.OperatorSettings;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code aurora-operator up}: the whole system on its embedded default, on one machine: a real local API server with
 * the AuroraJob CRD, the operator with its local backend (tasks run by the real executor as child processes), and the
 * example job applied and waited for until it has run.
 *
 * <p>Further arguments are {@code run}'s flags for that operator: with {@code --mesos-master HOST:PORT} (and
 * {@code --executor-uri}) the example runs on a Mesos cluster you give it instead, and its output is read through the
 * agent's files API as {@code kubectl aurora logs} reads it.
 */
final class UpCommand {
  private UpCommand() {
  }

  static int run(String[] args) {
    boolean exitWhenDone = List.of(args).contains("--exit");
    List<String> flags = new ArrayList<>(List.of(args));
    flags.remove("--exit");
    Path root = ControlPlaneBinaries.repositoryRoot();
    Path tasks = root.resolve(".aurora-up").resolve("tasks");
    flags.addAll(0, List.of("--http-port", "0", "--local-root", tasks.toString()));
    OperatorSettings settings;
    try {
      settings = OperatorSettings.parse(flags.toArray(String[]::new), Map.of());
    } catch (IllegalArgumentException e) {
      System.err.println("aurora-operator up: " + e.getMessage());
      return 2;
    }
    boolean local = settings.backend().equals("local");
    log("starting a local kube-apiserver and etcd");
    LocalKubeApiServer server = LocalKubeApiServer.start();
    OperatorRuntime[] operator = new OperatorRuntime[1];
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (operator[0] != null) {
        operator[0].close();
      }
      server.close();
      stopped.countDown();
    }, "aurora-up-shutdown"));
    try {
      installCrd(server.client());
      Files.createDirectories(tasks);
      log("starting the operator (" + (local ? "local backend, tasks under " + tasks
          : "mesos backend, master " + settings.mesosMaster()) + ")");
      operator[0] = new OperatorRuntime(settings, server.client(), SchedulerSettings.defaults()).start();
      Path examples = root.resolve("examples");
      LocalKubeApiServer.CommandResult applied = server.kubectl("apply", "--server-side",
          "-f", examples.resolve("namespace.yaml").toString(), "-f", examples.resolve("hello-world.yaml").toString());
      System.out.print(applied.stdout());
      if (!applied.ok()) {
        System.err.print(applied.stderr());
        return 1;
      }
      log("waiting for the example job to run");
      AuroraJob ran = server.client().resources(AuroraJob.class).inNamespace("demo").withName("hello-world")
          .waitUntilCondition(UpCommand::hasRun, 180, TimeUnit.SECONDS);
      LocalKubeApiServer.CommandResult get = server.kubectl("get", "aj", "--all-namespaces", "-o", "wide");
      System.out.println();
      System.out.println("$ kubectl get aj --all-namespaces");
      System.out.print(get.stdout());
      System.err.print(get.stderr());
      Path kubeconfig = publishKubeconfig(root, server.kubeconfig());
      if (ran.getStatus().phase() == AuroraJobPhase.Invalid) {
        System.err.println("aurora-operator up: the example is Invalid: " + ran.getStatus().message());
        return 1;
      }
      System.out.println();
      if (local) {
        Path firstTask = tasks.resolve(ran.getStatus().tasks().get(0).taskId());
        System.out.println("$ cat " + root.relativize(firstTask) + "/sandbox/.logs/hello_world/0/stdout");
        Path stdout = firstTask.resolve("sandbox/.logs/hello_world/0/stdout");
        System.out.print(Files.isRegularFile(stdout) ? Files.readString(stdout) : "(no output file)\n");
      } else {
        // On Mesos the sandbox is on an agent: read it as the plugin does, through the agent's files API.
        System.out.println("$ kubectl aurora logs demo/hello-world 0");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("KUBECTL", server.binaries().kubectl().toString());
        KubectlAurora.run(new String[] {"logs", "demo/hello-world", "0", "--kubeconfig", kubeconfig.toString()},
            environment);
      }
      if (exitWhenDone) {
        return get.ok() && ran.getStatus().phase() == AuroraJobPhase.Succeeded ? 0 : 1;
      }
      System.out.println();
      System.out.println("The API server and the operator keep running until you press Ctrl-C. From another shell:");
      System.out.println("  export KUBECONFIG=" + kubeconfig);
      System.out.println("  " + server.binaries().kubectl() + " get aj -A");
      System.out.println("  " + server.binaries().kubectl() + " apply --server-side -f my-job.yaml   "
          + "# an AuroraJob of your own (role = its namespace)");
      stopped.await();
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (IOException e) {
      System.err.println("aurora-operator up: " + e.getMessage());
      return 1;
    }
  }

  private static boolean hasRun(AuroraJob job) {
    AuroraJobStatus status = job == null ? null : job.getStatus();
    return status != null && (status.phase() == AuroraJobPhase.Invalid || (status.tasks() != null
        && !status.tasks().isEmpty()
        && (status.phase() == AuroraJobPhase.Succeeded || status.phase() == AuroraJobPhase.Failed)));
  }

  private static void installCrd(KubernetesClient client) {
    log("installing the AuroraJob CRD");
    AuroraJobCrd.install(client);
  }

  /** Copies the kubeconfig to a stable, git-ignored place so that other shells can reach the local server. */
  private static Path publishKubeconfig(Path root, Path kubeconfig) throws IOException {
    Path dir = Files.createDirectories(root.resolve(".aurora-up"));
    return Files.copy(kubeconfig, dir.resolve("kubeconfig"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void log(String message) {
    System.err.println("aurora-operator up: " + message);
  }
}
