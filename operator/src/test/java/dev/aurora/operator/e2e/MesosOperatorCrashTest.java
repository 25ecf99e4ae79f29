package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.AssignedTask;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.ScriptedExecutors;
import dev.aurora.mesos.testing.SimulatedAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 on the Mesos backend: the operator, as a process of its own, runs three jobs on the in-test master (a
 * service, a 150-instance batch job whose tasks finish while the operator is being killed, and a rolling update that
 * fails and rolls back) and is SIGKILLed at random points. Mesos redelivers what was not acknowledged; in the end no
 * batch instance ran twice, the rollback finished, and every service instance has exactly one live task.
 */
@WithKubeApiServer
class MesosOperatorCrashTest {
  private static final String SERVICE = """
      work = Process(name = 'work', cmdline = 'serve')
      jobs = [Service(cluster = 'cluster1', role = 'mcrash', environment = 'prod', name = 'svc', instances = 4,
                      task = Task(processes = [work], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
      """;
  private static final String BATCH = """
      work = Process(name = 'work', cmdline = 'compute')
      jobs = [Job(cluster = 'cluster1', role = 'mcrash', environment = 'prod', name = 'many', instances = 150,
                  task = Task(processes = [work], resources = Resources(cpu = 0.01, ram = 16 * MB, disk = 16 * MB)))]
      """;
  private static final String ROLLBACK = """
      work = Process(name = 'work', cmdline = '%s')
      jobs = [Service(cluster = 'cluster1', role = 'mcrash', environment = 'prod', name = 'back', instances = 3,
                      task = Task(processes = [work], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                      update_config = UpdateConfig(batch_size = 3, watch_secs = 2, max_per_shard_failures = 0,
                                                   max_total_failures = 0, rollback_on_failure = True))]
      """;

  /** Launches per batch instance, counted as the agents receive them. */
  private final Map<Integer, Integer> batchLaunches = new ConcurrentHashMap<>();

  @Test
  void sigkillsOnTheMesosBackendLoseNothingAndRunNoBatchInstanceTwice(LocalKubeApiServer server,
                                                                      @TempDir Path root) throws Exception {
    ScriptedExecutors executors = new ScriptedExecutors(this::script);
    try (FakeMesosCluster cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors)) {
      executors.attach(cluster);
      List<SimulatedAgent> agents = new ArrayList<>();
      for (int i = 0; i < 160; i++) {
        agents.add(cluster.addAgent(AgentSpec.of("host-" + i)));
      }
      OperatorHarness kube = OperatorHarness.clientOnly(server.client(), root);
      kube.namespace("mcrash");
      Random random = new Random(11);
      Process operator = OperatorCrashTest.startOperator(server, root, 0, mesosArgs(cluster));
      ScheduledExecutorService finisher = Executors.newSingleThreadScheduledExecutor();
      int restarts = 0;
      try {
        kube.apply("mcrash", "svc", null, SERVICE);
        kube.apply("mcrash", "back", null, ROLLBACK.formatted("serve v1"));
        kube.await("mcrash", "back", "3 running", s -> inState(s, "RUNNING") == 3, 180);
        kube.apply("mcrash", "many", null, BATCH);
        kube.apply("mcrash", "back", null, ROLLBACK.formatted("crash v2"));
        // Batch tasks finish a few at a time while the operator comes and goes.
        finisher.scheduleWithFixedDelay(() -> finishSome(cluster, executors, agents, random), 200, 100,
            TimeUnit.MILLISECONDS);
        for (int kill = 0; kill < 5; kill++) {
          Thread.sleep(700 + random.nextInt(2500));
          operator.destroyForcibly(); // SIGKILL: no goodbye to the master, nothing acknowledged on the way out
          operator.waitFor();
          operator = OperatorCrashTest.startOperator(server, root, ++restarts, mesosArgs(cluster));
        }
        AuroraJobStatus many = kube.await("mcrash", "many", "150 finished",
            s -> s.phase() == AuroraJobPhase.Succeeded, 300).getStatus();
        assertEquals(150, many.counts().get("FINISHED"));
        assertEquals(150, batchLaunches.size(), "every batch instance was launched");
        assertTrue(batchLaunches.values().stream().allMatch(n -> n == 1), "no batch instance ran twice: "
            + batchLaunches);
        AuroraJobStatus back = kube.await("mcrash", "back", "rolled back", s -> s.update() != null
            && "ROLLED_BACK".equals(s.update().state()) && inState(s, "RUNNING") == 3, 240).getStatus();
        kube.await("mcrash", "svc", "4 running", s -> inState(s, "RUNNING") == 4, 120);
        String frameworkId = cluster.frameworkIds().iterator().next();
        Map<String, Integer> livePerInstance = new java.util.TreeMap<>();
        cluster.tasks(frameworkId).forEach((id, state) -> {
          if (isLive(state)) {
            AssignedTask task = assigned(cluster.taskInfo(frameworkId, id));
            livePerInstance.merge(jobOf(id) + "/" + task.instanceId(), 1, Integer::sum);
            if (id.contains("-back-")) {
              assertTrue(task.job().contains("serve v1"), "back on the old config: " + id);
            }
          }
        });
        assertEquals(7, livePerInstance.size(), "4 service and 3 rolled-back instances alive: " + livePerInstance);
        assertTrue(livePerInstance.values().stream().allMatch(n -> n == 1), "one live task each: "
            + livePerInstance);
        assertEquals(3, back.tasks().size());
      } finally {
        finisher.shutdownNow();
        operator.destroyForcibly();
        operator.waitFor();
      }
    }
  }

  private List<String> mesosArgs(FakeMesosCluster cluster) {
    return List.of("--backend", "mesos", "--mesos-master", cluster.leaderUrl().getAuthority(),
        "--executor-uri", "file:///nonexistent/aurora-executor.jar", "--namespace", "mcrash");
  }

  /** Every task starts and runs; a task of the failing version fails once running. */
  private List<TaskState> script(TaskInfo task) {
    AssignedTask assigned = assigned(task);
    if (task.getTaskId().getValue().contains("-many-")) {
      batchLaunches.merge(assigned.instanceId(), 1, Integer::sum);
    }
    if (assigned.job().contains("crash v2")) {
      return List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FAILED);
    }
    return List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
  }

  private static void finishSome(FakeMesosCluster cluster, ScriptedExecutors executors, List<SimulatedAgent> agents,
                                 Random random) {
    try {
      for (String frameworkId : cluster.frameworkIds()) {
        int finished = 0;
        for (Map.Entry<String, TaskState> e : cluster.tasks(frameworkId).entrySet()) {
          if (finished < 2 && e.getKey().contains("-many-") && e.getValue() == TaskState.TASK_RUNNING
              && random.nextInt(3) == 0) {
            String agentId = cluster.taskInfo(frameworkId, e.getKey()).getAgentId().getValue();
            agents.stream().filter(a -> a.id().equals(agentId)).findFirst().ifPresent(agent ->
                executors.report(agent, e.getKey(), TaskState.TASK_FINISHED, "done"));
            finished++;
          }
        }
      }
    } catch (RuntimeException e) {
      // a task that went away between the listing and the report; the next round goes on
    }
  }

  private static boolean isLive(TaskState state) {
    return state == TaskState.TASK_STAGING || state == TaskState.TASK_STARTING || state == TaskState.TASK_RUNNING
        || state == TaskState.TASK_KILLING;
  }

  private static String jobOf(String taskId) {
    return taskId.contains("-svc-") ? "svc" : taskId.contains("-back-") ? "back" : "many";
  }

  private static AssignedTask assigned(TaskInfo task) {
    return AssignedTask.parse(task.getData().toString(StandardCharsets.UTF_8));
  }
}
