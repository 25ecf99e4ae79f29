package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preemption end to end (AURORA.md §7.5): AuroraJobs on a real API server, the operator with its Mesos framework and
 * a short {@code --preemption-delay}, the in-test master with two agents that a preemptible job fills. The job's tasks
 * were launched by a predecessor operator, so the one that preempts weighs them from its records. A production job
 * preempts one of them and runs; a higher-priority preemptible job of another role preempts nothing; a
 * higher-priority job of the same role preempts the other; the victims are replaced at once, without a failure, and
 * stay pending, as nothing they may preempt runs.
 */
@WithKubeApiServer
class MesosPreemptionEndToEndTest {
  private static final long WAIT_SECONDS = 120;
  private static final String NS = "preempt";
  private static final long DELAY_MILLIS = 1500;

  private KubernetesClient client;
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
    // One task of 0.5 cpus (0.55 with the executor) per agent leaves 0.45 cpus: no room for a second one. Memory is
    // left over, so the agents are still offered (and their attributes known).
    cluster = MesosOperators.scriptedCluster(AgentSpec.of("agent-1").withResources(1.0, 1024),
        AgentSpec.of("agent-2").withResources(1.0, 1024));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  private OperatorRuntime startOperator() {
    return MesosOperators.operator(client, cluster, framework, frameworkIds, SchedulerSettings.defaults(),
        "--watch-namespaces", NS, "--evaluator-pool-size", "1", "--namespace-roles", NS + "=alpha,beta",
        "--preemption-delay", DELAY_MILLIS + "ms").start();
  }

  private static String service(String role, String name, int instances, String fields) {
    return """
        loop = Process(name = 'loop', cmdline = 'while true; do sleep 1; done')
        task = Task(processes = [loop], resources = Resources(cpu = 0.5, ram = 16 * MB, disk = 16 * MB))
        jobs = [Service(cluster = 'cluster1', role = '%s', environment = 'test', name = '%s', instances = %d,
                        task = task%s)]
        """.formatted(role, name, instances, fields.isEmpty() ? "" : ", " + fields);
  }

  @Test
  void productionAndHigherPriorityTasksPreemptWithinTheRulesAndTheVictimsStayPending() throws Exception {
    MesosOperators.createNamespace(client, NS);
    operator = startOperator();
    apply("batch", service("alpha", "batch", 2, ""));
    AuroraJob full = await("batch", j -> running(j) == 2);
    assertEquals(Set.of("agent-1", "agent-2"), full.getStatus().tasks().stream().map(InstanceStatus::host)
        .collect(Collectors.toSet()), "one task per agent fills the cluster");
    Set<String> batchTasks = taskIds(full);

    // The tasks to preempt were launched by this operator's predecessor.
    operator.close();
    operator = startOperator();
    String frameworkId = frameworkIds.load().orElseThrow();

    // Production (the deprecated flag, backfilled into the tier) over preemptible, whatever the role and priority.
    apply("prod", service("alpha", "prod", 1, "production = True"));
    AuroraJob prod = await("prod", j -> running(j) == 1);
    AuroraJob afterProd = await("batch", j -> running(j) == 1 && pending(j) == 1);
    String prodHost = prod.getStatus().tasks().get(0).host();
    InstanceStatus replaced = afterProd.getStatus().tasks().stream().filter(t -> "PENDING".equals(t.state()))
        .findFirst().orElseThrow();
    assertTrue(!batchTasks.contains(replaced.taskId()), "the victim's instance got a new task at once");
    assertEquals(0, replaced.failures(), "a preemption is not a failure");
    Set<String> preempted = batchTasks.stream().filter(id -> !taskIds(afterProd).contains(id))
        .collect(Collectors.toSet());
    assertEquals(1, preempted.size());
    assertGone(frameworkId, preempted.iterator().next());
    String survivor = afterProd.getStatus().tasks().stream().filter(t -> "RUNNING".equals(t.state()))
        .findFirst().orElseThrow().taskId();

    // Another role may not preempt the survivor, whatever its priority: it stays pending, the survivor runs on.
    apply("other", service("beta", "other", 1, "priority = 10"));
    await("other", j -> pending(j) == 1);
    Thread.sleep(4 * DELAY_MILLIS); // several searches past the delay
    assertEquals(1, pending(get("other")), "another role's task is still pending");
    assertTrue(taskIds(get("batch")).contains(survivor), "the other role's task preempted nothing");
    assertEquals(TaskState.TASK_RUNNING, cluster.tasks(frameworkId).get(survivor));

    // A higher priority of the same role and tier preempts the survivor.
    apply("urgent", service("alpha", "urgent", 1, "priority = 5"));
    AuroraJob urgent = await("urgent", j -> running(j) == 1);
    assertNotEquals(prodHost, urgent.getStatus().tasks().get(0).host(), "the production task was not a victim");
    AuroraJob bothPending = await("batch", j -> pending(j) == 2);
    assertTrue(bothPending.getStatus().tasks().stream().allMatch(t -> t.failures() == 0));
    assertGone(frameworkId, survivor);

    // The victims may preempt nothing that runs (production; a higher priority): they stay pending, as the other
    // role's task does.
    Set<String> pendingBatch = taskIds(bothPending);
    Thread.sleep(4 * DELAY_MILLIS);
    assertEquals(pendingBatch, taskIds(get("batch")));
    assertEquals(2, pending(get("batch")));
    assertEquals(1, pending(get("other")));
    assertEquals(1, running(get("prod")));
    assertEquals(1, running(get("urgent")));
    assertEquals(2L, operator.core().stats().endedTasks().getOrDefault(dev.aurora.backend.TaskState.KILLED, 0L),
        "exactly two tasks were preempted: " + operator.core().stats().endedTasks());
    assertEquals(2L, operator.core().stats().preempted.get(), "aurora_operator_preemptions_total");

    // Each preemption is an Event on the victim's AuroraJob (its status already shows the replacement), naming the
    // task it made room for.
    List<Event> events = client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Preempted".equals(e.getReason())).toList();
    assertEquals(2, events.size(), "one Preempted event per victim: " + events);
    assertTrue(events.stream().allMatch(e -> "batch".equals(e.getInvolvedObject().getName())
        && get("batch").getMetadata().getUid().equals(e.getInvolvedObject().getUid())), events.toString());
    assertEquals(Set.of(prod.getStatus().tasks().get(0).taskId(), urgent.getStatus().tasks().get(0).taskId()),
        events.stream().map(e -> e.getMessage().replaceAll(".*in favor of ", "")).collect(Collectors.toSet()),
        "each names the task it made room for: " + events);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  /** The master no longer runs it: killed (and, once acknowledged, forgotten). */
  private void assertGone(String frameworkId, String taskId) {
    TaskState state = cluster.tasks(frameworkId).get(taskId);
    assertTrue(state == null || state == TaskState.TASK_KILLED, taskId + " is " + state + " on the master");
  }

  private static long running(AuroraJob job) {
    return count(job, "RUNNING");
  }

  private static long pending(AuroraJob job) {
    return count(job, "PENDING");
  }

  private static long count(AuroraJob job, String state) {
    if (job == null || job.getStatus() == null || job.getStatus().tasks() == null) {
      return 0;
    }
    return job.getStatus().tasks().stream().filter(t -> state.equals(t.state())).count();
  }

  private static Set<String> taskIds(AuroraJob job) {
    return job.getStatus().tasks().stream().map(InstanceStatus::taskId).collect(Collectors.toSet());
  }

  private void apply(String name, String source) {
    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(source);
    job.setSpec(spec);
    client.resource(job).serverSideApply();
  }

  private AuroraJob get(String name) {
    return client.resources(AuroraJob.class).inNamespace(NS).withName(name).get();
  }

  private AuroraJob await(String name, Predicate<AuroraJob> condition) {
    try {
      return client.resources(AuroraJob.class).inNamespace(NS).withName(name)
          .waitUntilCondition(j -> j != null && j.getStatus() != null && condition.test(j), WAIT_SECONDS,
              TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      AuroraJob now = get(name);
      throw new AssertionError(name + " did not get there; status now: " + (now == null ? null : now.getStatus())
          + "; master: " + cluster.tasks(frameworkIds.load().orElse("")), e);
    }
  }

}
