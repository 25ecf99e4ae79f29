package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.ScriptedExecutors;
import dev.aurora.mesos.testing.SimulatedAgent;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.JobRecord;
import dev.aurora.operator.scheduling.JobRecordStore;
import dev.aurora.operator.scheduling.JobRef;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: persist, then acknowledge. The operator is cut short between the delivery of a Mesos status update and
 * the write of what it changed (its record store fails, then the operator goes away without a word to the master).
 * The in-test master, which holds the unacknowledged update, delivers it again to the next operator, and it is
 * applied exactly once: one failure counted, one retry launched.
 */
@WithKubeApiServer
class MesosExactlyOnceTest {
  private static final String NS = "once";
  private static final String JOB = """
      work = Process(name = 'work', cmdline = 'run')
      jobs = [Job(cluster = 'cluster1', role = 'once', environment = 'prod', name = 'retry', max_task_failures = 5,
                  task = Task(processes = [work], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
      """;

  private final InMemoryFrameworkIdStore frameworkIds = new InMemoryFrameworkIdStore();
  private final FrameworkConfig framework = MesosOperators.fastFramework();
  private FakeMesosCluster cluster;
  private OperatorRuntime operator;

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    MesosOperators.installCrd(client);
    MesosOperators.createNamespace(client, NS);
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anUpdateDeliveredButNeverWrittenIsRedeliveredAndAppliedOnce(KubernetesClient client) throws Exception {
    ScriptedExecutors executors = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests().withStatusUpdateRetry(Duration.ofMillis(500)),
        executors);
    executors.attach(cluster);
    SimulatedAgent agent = cluster.addAgent(AgentSpec.of("agent-1"));
    FailingWrites writes = new FailingWrites();
    operator = MesosOperators.operator(client, cluster, framework, frameworkIds, SchedulerSettings.defaults(),
        writes::wrap, "--watch-namespaces", NS, "--evaluator-pool-size", "1").start();

    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("retry").build());
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(JOB);
    job.setSpec(spec);
    client.resource(job).serverSideApply();
    AuroraJob running = await(client, j -> j.getStatus() != null && j.getStatus().tasks() != null
        && j.getStatus().tasks().size() == 1 && "RUNNING".equals(j.getStatus().tasks().get(0).state()));
    String task = running.getStatus().tasks().get(0).taskId();
    JobRef ref = new JobRef(NS, "retry");
    eventually("RUNNING written and acknowledged", () -> executors.acknowledgedCount(task) >= 2);

    // The task fails; the operator sees the update but cannot write it, and then is gone.
    writes.fail = true;
    executors.report(agent, task, TaskState.TASK_FAILED, "exited 1");
    OperatorRuntime crashed = operator;
    eventually("the failure applied in memory", () -> crashed.core().record(ref)
        .map(r -> r.instances().get(0).failures() == 1).orElse(false));
    int acknowledgedBefore = executors.acknowledgedCount(task);
    operator.close();
    operator = null;
    assertEquals(acknowledgedBefore, executors.acknowledgedCount(task), "nothing unwritten was acknowledged");
    assertEquals(1, cluster.launchCount(), "no retry launched from an unwritten decision");
    writes.fail = false;

    // The next operator hears the update again from the master and applies it once.
    operator = MesosOperators.operator(client, cluster, framework, frameworkIds, SchedulerSettings.defaults(),
        "--watch-namespaces", NS, "--evaluator-pool-size", "1").start();
    OperatorRuntime second = operator;
    eventually("the redelivered failure acknowledged", () -> executors.acknowledgedCount(task) > acknowledgedBefore);
    eventually("one retry launched", () -> cluster.launchCount() == 2);
    JobRecord record = second.core().record(ref).orElseThrow();
    assertEquals(1, record.instances().get(0).failures(), "the failure counted exactly once");
    AuroraJob after = await(client, j -> j.getStatus() != null && j.getStatus().tasks() != null
        && j.getStatus().tasks().size() == 1 && !task.equals(j.getStatus().tasks().get(0).taskId()));
    InstanceStatus retried = after.getStatus().tasks().get(0);
    assertEquals(1, retried.failures());
    Thread.sleep(1500); // three more retry intervals of the master: no further delivery may count again
    assertEquals(2, cluster.launchCount());
    assertEquals(1, second.core().record(ref).orElseThrow().instances().get(0).failures());
    assertTrue(writes.failed > 0, "the first operator's write was cut short");
  }

  /** Wraps the record store so that a test can make every write fail, as a crash just before the write would. */
  static final class FailingWrites {
    volatile boolean fail;
    volatile int failed;

    JobRecordStore wrap(JobRecordStore store) {
      return new JobRecordStore() {
        @Override
        public List<JobRecord> loadAll() {
          return store.loadAll();
        }

        @Override
        public void save(JobRecord previous, JobRecord next) {
          if (fail) {
            failed++;
            throw new IllegalStateException("cut short (test)");
          }
          store.save(previous, next);
        }

        @Override
        public void delete(JobRef ref) {
          store.delete(ref);
        }
      };
    }
  }

  private static AuroraJob await(KubernetesClient client, java.util.function.Predicate<AuroraJob> condition) {
    return client.resources(AuroraJob.class).inNamespace(NS).withName("retry")
        .waitUntilCondition(j -> j != null && condition.test(j), 60, TimeUnit.SECONDS);
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(50);
    }
  }
}
