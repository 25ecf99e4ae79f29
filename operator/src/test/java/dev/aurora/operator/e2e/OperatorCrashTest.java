package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static dev.aurora.operator.e2e.OperatorHarness.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARCHITECTURE.md rule 5: the operator can be killed at any moment. The operator runs as its own process
 * ({@code Main run}, local backend); it is SIGKILLed at random points of rolling updates and started again, and in
 * the end every instance has exactly one live task, on the last config, and no task of the job is left behind.
 */
@WithKubeApiServer
class OperatorCrashTest {
  private static final String SERVICE = """
      work = Process(name = 'work', cmdline = 'echo %s > version.txt; while true; do sleep 1; done')
      jobs = [Service(cluster = 'cluster1', role = 'crash', environment = 'prod', name = 'svc', instances = 4,
                      task = Task(processes = [work],
                                  resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                      update_config = UpdateConfig(batch_size = 2, watch_secs = 1))]
      """;

  @Test
  void sigkillDuringUpdatesLosesNoInstanceAndLeavesNoDuplicate(LocalKubeApiServer server, @TempDir Path root)
      throws Exception {
    OperatorHarness kube = OperatorHarness.clientOnly(server.client(), root);
    Random random = new Random(42);
    Process operator = startOperator(server, root, 0);
    try {
      kube.apply("crash", "svc", null, SERVICE.formatted("v0"));
      kube.await("crash", "svc", "4 running", s -> inState(s, "RUNNING") == 4, 120);
      int restarts = 0;
      int killsMidUpdate = 0;
      for (int version = 1; version <= 3; version++) {
        kube.apply("crash", "svc", null, SERVICE.formatted("v" + version));
        for (int kill = 0; kill < 2; kill++) {
          Thread.sleep(300 + random.nextInt(2500));
          AuroraJobStatus before = kube.job("crash", "svc").get().getStatus();
          if (before != null && before.update() != null && "ROLLING_FORWARD".equals(before.update().state())) {
            killsMidUpdate++;
          }
          operator.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the backend
          operator.waitFor();
          operator = startOperator(server, root, ++restarts);
        }
      }
      AuroraJobStatus done = kube.await("crash", "svc", "v3 everywhere",
          s -> inState(s, "RUNNING") == 4 && s.update() != null && "ROLLED_FORWARD".equals(s.update().state())
              && tasks(s).stream().allMatch(t -> version(root, t).equals("v3")), 240).getStatus();

      assertTrue(killsMidUpdate > 0, "at least one SIGKILL hit an update in flight");
      Set<String> listed = tasks(done).stream().map(InstanceStatus::taskId).collect(Collectors.toCollection(
          TreeSet::new));
      Set<Integer> instances = tasks(done).stream().map(InstanceStatus::id).collect(Collectors.toSet());
      assertEquals(Set.of(0, 1, 2, 3), instances, "every instance is listed once");
      awaitLiveExecutors(root, listed);
      assertEquals(listed, liveExecutors(root), "exactly the listed tasks have a live executor");
    } finally {
      kube.job("crash", "svc").delete();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (kube.job("crash", "svc").get() != null && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      operator.destroyForcibly();
      operator.waitFor();
    }
    assertTrue(liveExecutors(root).isEmpty(), "deleting the job killed every task: " + liveExecutors(root));
  }

  private static final String BATCH = """
      work = Process(name = 'work', cmdline = 'echo {{mesos.instance}} > ran.txt; sleep 4')
      jobs = [Job(cluster = 'cluster1', role = 'crash', environment = 'prod', name = 'many', instances = 150,
                  task = Task(processes = [work],
                              resources = Resources(cpu = 0.01, ram = 16 * MB, disk = 16 * MB)))]
      """;

  private static final String ROLLBACK = """
      work = Process(name = 'work', cmdline = '%s')
      jobs = [Service(cluster = 'cluster1', role = 'crash', environment = 'prod', name = 'back', instances = 3,
                      task = Task(processes = [work],
                                  resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                      update_config = UpdateConfig(batch_size = 3, watch_secs = 3, max_per_shard_failures = 0,
                                                   max_total_failures = 0, rollback_on_failure = True))]
      """;

  private static final String GOOD = "echo good > version.txt; while true; do sleep 1; done";
  private static final String BAD = "echo bad > version.txt; sleep 1; exit 1";

  /**
   * Issue 12: a 150-instance batch job and a rolling update that rolls back, with SIGKILLs at random points, during
   * the rollback in particular. No batch instance runs twice, the rollback finishes, and every instance of the
   * service ends with exactly one live task on the old config.
   */
  @Test
  void sigkillsDuringABigBatchJobAndARollbackRunNothingTwiceAndFinishTheRollback(LocalKubeApiServer server,
                                                                                @TempDir Path root)
      throws Exception {
    OperatorHarness kube = OperatorHarness.clientOnly(server.client(), root);
    Random random = new Random(7);
    Process operator = startOperator(server, root, 0);
    int restarts = 0;
    try {
      kube.apply("crash", "many", null, BATCH);
      kube.apply("crash", "back", null, ROLLBACK.formatted(GOOD));
      kube.await("crash", "back", "3 running", s -> inState(s, "RUNNING") == 3, 180);
      kube.apply("crash", "back", null, ROLLBACK.formatted(BAD));
      int killsMidRollback = 0;
      for (int kill = 0; kill < 4; kill++) {
        Thread.sleep(800 + random.nextInt(2500));
        AuroraJobStatus before = kube.job("crash", "back").get().getStatus();
        if (before != null && before.update() != null && "ROLLING_BACK".equals(before.update().state())) {
          killsMidRollback++;
        }
        operator.destroyForcibly();
        operator.waitFor();
        operator = startOperator(server, root, ++restarts);
      }
      AuroraJobStatus back = kube.await("crash", "back", "rolled back", s -> s.update() != null
          && "ROLLED_BACK".equals(s.update().state()) && inState(s, "RUNNING") == 3, 240).getStatus();
      assertTrue(tasks(back).stream().allMatch(t -> version(root, t).equals("good")), "every instance on v1");
      Set<String> live = tasks(back).stream().map(InstanceStatus::taskId).collect(Collectors.toCollection(
          TreeSet::new));
      AuroraJobStatus many = kube.await("crash", "many", "150 finished",
          s -> s.phase() == dev.aurora.crd.v1alpha1.AuroraJobPhase.Succeeded, 300).getStatus();
      assertEquals(150, many.counts().get("FINISHED"));
      Map<Integer, Integer> runs = new TreeMap<>();
      try (Stream<Path> dirs = Files.list(root)) {
        for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("crash-prod-many-")).toList()) {
          Path ran = dir.resolve("sandbox/ran.txt");
          if (Files.isRegularFile(ran)) {
            runs.merge(Integer.parseInt(Files.readString(ran).trim()), 1, Integer::sum);
          }
        }
      }
      assertEquals(150, runs.size(), "every batch instance ran");
      assertTrue(runs.values().stream().allMatch(n -> n == 1), "no batch instance ran twice: " + runs);
      awaitLiveExecutors(root, live);
      assertEquals(live, liveExecutors(root), "exactly the listed service tasks are alive");
      assertTrue(killsMidRollback > 0 || restarts > 0, "the operator was killed during the rollout or rollback");
    } finally {
      operator.destroyForcibly();
      operator.waitFor();
      operator = startOperator(server, root, ++restarts);
      kube.job("crash", "many").delete();
      kube.job("crash", "back").delete();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while ((kube.job("crash", "many").get() != null || kube.job("crash", "back").get() != null)
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      operator.destroyForcibly();
      operator.waitFor();
    }
  }

  private static String version(Path root, InstanceStatus task) {
    try {
      Path file = root.resolve(task.taskId()).resolve("sandbox/version.txt");
      return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** The executor of a stopping task may still be finishing when the status is already final. */
  private static void awaitLiveExecutors(Path root, Set<String> expected) throws IOException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!liveExecutors(root).equals(expected) && System.nanoTime() < deadline) {
      OperatorHarness.sleep(200);
    }
  }

  /** Task ids whose executor process (recorded pid and start time) is alive. */
  private static Set<String> liveExecutors(Path root) throws IOException {
    Set<String> live = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Path pidFile = dir.resolve("executor.pid");
        if (!Files.isRegularFile(pidFile)) {
          continue;
        }
        String[] parts = Files.readString(pidFile).trim().split(" ");
        boolean alive = ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
          live.add(dir.getFileName().toString());
        }
      }
    }
    return live;
  }

  private static Process startOperator(LocalKubeApiServer server, Path root, int incarnation) throws IOException {
    Path jar = ControlPlaneBinaries.repositoryRoot().resolve("mesos-bridge/executor/target/aurora-executor.jar");
    assertTrue(Files.isRegularFile(jar), "the executor jar is built by the reactor before these tests: " + jar);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "-Daurora.executor.jar=" + jar,
        "dev.aurora.operator.cli.Main", "run", "--backend", "local", "--http-port", "0",
        "--local-root", root.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(root.resolve("operator-" + incarnation + ".log").toFile());
    builder.environment().put("KUBECONFIG", server.kubeconfig().toString());
    return builder.start();
  }
}
