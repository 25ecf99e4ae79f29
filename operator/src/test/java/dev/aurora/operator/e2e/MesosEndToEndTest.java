package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.TaskState;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.RealExecutors;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.JobRef;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path through Mesos: AuroraJobs on a real API server, the operator ({@link OperatorRuntime}) with a real
 * Mesos framework as its backend, subscribed to the in-test master whose two simulated agents start the real
 * executor, which runs real bash processes. Each test uses its own namespace and its own Mesos cluster.
 */
@WithKubeApiServer
class MesosEndToEndTest {
  private static final long WAIT_SECONDS = 120;

  @TempDir
  Path sandboxes;
  private KubernetesClient client;
  private RealExecutors executors;
  private FakeMesosCluster cluster;
  private OperatorRuntime operator;
  private final InMemoryFrameworkIdStore frameworkIds = new InMemoryFrameworkIdStore();
  private final FrameworkConfig framework = MesosOperators.fastFramework();

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    MesosOperators.installCrd(client);
  }

  @BeforeEach
  void startCluster(KubernetesClient client) throws Exception {
    this.client = client;
    executors = new RealExecutors(sandboxes);
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("agent-1"));
    cluster.addAgent(AgentSpec.of("agent-2"));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  private OperatorRuntime startOperator(String namespace) {
    return MesosOperators.operator(client, cluster, framework, frameworkIds, SchedulerSettings.defaults(),
        "--watch-namespaces", namespace, "--evaluator-pool-size", "1").start();
  }

  @Test
  void serviceRunsBatchJobSucceedsAndDeletingTheServiceKillsItsTasks() {
    String ns = "e2e-run";
    MesosOperators.createNamespace(client, ns);
    operator = startOperator(ns);
    apply(ns, "looper", service("looper", 2));
    apply(ns, "once", batch("once"));

    AuroraJob looper = await(ns, "looper", j -> running(j, 2));
    Set<String> agents = cluster.agents().stream().map(a -> a.spec().hostname()).collect(Collectors.toSet());
    for (InstanceStatus task : looper.getStatus().tasks()) {
      assertEquals("RUNNING", task.state());
      assertTrue(agents.contains(task.host()), task.host() + " is not one of " + agents);
    }
    assertEquals("cluster1/" + ns + "/test/looper", looper.getStatus().jobKey());
    String launched = client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Launched".equals(e.getReason()) && "looper".equals(e.getInvolvedObject().getName()))
        .map(e -> e.getMessage()).collect(Collectors.joining("\n"));
    for (String id : taskIds(looper)) {
      assertTrue(launched.contains(id), "no Launched event names " + id + ": " + launched);
    }
    AuroraJob once = await(ns, "once", j -> phase(j) == AuroraJobPhase.Succeeded);
    assertEquals("FINISHED", once.getStatus().tasks().get(0).state());

    Set<String> looperTasks = taskIds(looper);
    client.resources(AuroraJob.class).inNamespace(ns).withName("looper").delete();
    client.resources(AuroraJob.class).inNamespace(ns).withName("looper")
        .waitUntilCondition(j -> j == null, WAIT_SECONDS, TimeUnit.SECONDS);
    // The finalizer was released only after the tasks had ended: the master knows none of them as live any more.
    String frameworkId = frameworkIds.load().orElseThrow();
    Map<String, org.apache.mesos.v1.Protos.TaskState> onMaster = cluster.tasks(frameworkId);
    for (String id : looperTasks) {
      var state = onMaster.get(id);
      assertTrue(state == null || state == org.apache.mesos.v1.Protos.TaskState.TASK_KILLED,
          id + " is still " + state + " on the master");
    }
    // Both ended as the core saw it: KILLED, or (when a loaded machine let the kill escalate to the executor's
    // shutdown after the test framework's one-second budget) LOST or FAILED.
    Map<TaskState, Long> ended = operator.core().stats().endedTasks();
    assertEquals(2L, ended.getOrDefault(TaskState.KILLED, 0L) + ended.getOrDefault(TaskState.LOST, 0L)
        + ended.getOrDefault(TaskState.FAILED, 0L), ended.toString());
  }

  @Test
  void restartedOperatorAdoptsTheRunningTasksWithoutLaunchingNewOnes() throws Exception {
    String ns = "e2e-adopt";
    MesosOperators.createNamespace(client, ns);
    operator = startOperator(ns);
    apply(ns, "looper", service("looper", 2));
    AuroraJob before = await(ns, "looper", j -> running(j, 2));
    Set<String> taskIds = taskIds(before);
    Map<String, String> hosts = hosts(before);
    int launches = cluster.launchCount();
    String frameworkId = frameworkIds.load().orElseThrow();

    operator.close(); // the framework side dies; the agents keep running the tasks
    operator = null;
    OperatorRuntime second = startOperator(ns);
    operator = second;

    JobRef ref = new JobRef(ns, "looper");
    eventually("the new operator adopts both tasks", () -> second.core().snapshot(ref)
        .map(s -> s.instances().stream().filter(i -> "RUNNING".equals(i.state())).map(i -> i.taskId())
            .collect(Collectors.toSet()).equals(taskIds)).orElse(false));
    assertEquals(Set.of(frameworkId), cluster.frameworkIds(), "the framework resumed its id");
    // Give the new operator time to do anything it wrongly might (launch replacements), then check it did not.
    Thread.sleep(3000);
    assertEquals(0, second.core().stats().launched.get(), "launches by the restarted operator");
    assertEquals(launches, cluster.launchCount(), "launches seen by the master");
    assertTrue(second.reconciler().reconciles() > 0);
    AuroraJob after = await(ns, "looper", j -> running(j, 2));
    assertEquals(taskIds, taskIds(after));
    assertEquals(hosts, hosts(after), "the status still says where the adopted tasks run");
    Map<String, org.apache.mesos.v1.Protos.TaskState> onMaster = new TreeMap<>(cluster.tasks(frameworkId));
    assertEquals(taskIds, onMaster.keySet());

    // The adopted tasks are the new operator's to kill.
    client.resources(AuroraJob.class).inNamespace(ns).withName("looper").delete();
    client.resources(AuroraJob.class).inNamespace(ns).withName("looper")
        .waitUntilCondition(j -> j == null, WAIT_SECONDS, TimeUnit.SECONDS);
    eventually("the adopted tasks are gone from the master", () -> cluster.tasks(frameworkId).values().stream()
        .allMatch(s -> s == org.apache.mesos.v1.Protos.TaskState.TASK_KILLED));
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private static String service(String name, int instances) {
    return """
        import os
        loop = Process(name = 'loop', cmdline = 'while true; do sleep 1; done')
        task = Task(processes = [loop], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB))
        jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = '%s',
                        instances = %d, task = task)]
        """.formatted(name, instances);
  }

  private static String batch(String name) {
    return """
        import os
        hello = Process(name = 'hello', cmdline = 'echo hello from {{mesos.instance}}')
        task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB))
        jobs = [Job(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = '%s', task = task)]
        """.formatted(name);
  }

  private void apply(String namespace, String name, String source) {
    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(source);
    job.setSpec(spec);
    client.resource(job).serverSideApply();
  }

  private AuroraJob await(String namespace, String name, Predicate<AuroraJob> condition) {
    try {
      return client.resources(AuroraJob.class).inNamespace(namespace).withName(name)
          .waitUntilCondition(j -> j != null && condition.test(j), WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      AuroraJob now = client.resources(AuroraJob.class).inNamespace(namespace).withName(name).get();
      throw new AssertionError(name + " did not get there; status now: " + (now == null ? null : now.getStatus()), e);
    }
  }

  private static AuroraJobPhase phase(AuroraJob job) {
    return job.getStatus() == null ? null : job.getStatus().phase();
  }

  private static boolean running(AuroraJob job, int instances) {
    AuroraJobStatus status = job.getStatus();
    return status != null && status.phase() == AuroraJobPhase.Running
        && job.getMetadata().getGeneration().equals(status.observedGeneration())
        && status.tasks() != null && status.tasks().size() == instances
        && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
  }

  private static Set<String> taskIds(AuroraJob job) {
    return job.getStatus().tasks().stream().map(InstanceStatus::taskId).collect(Collectors.toSet());
  }

  private static Map<String, String> hosts(AuroraJob job) {
    return job.getStatus().tasks().stream().collect(Collectors.toMap(InstanceStatus::taskId,
        t -> String.valueOf(t.host())));
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(100);
    }
  }
}
