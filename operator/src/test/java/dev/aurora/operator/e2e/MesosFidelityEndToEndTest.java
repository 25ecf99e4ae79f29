package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobCondition;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Aurora fields at run time, end to end: AuroraJobs on a real API server, the operator with its real Mesos framework,
 * the in-test master with scripted executors. A Docker job with metadata reaches Mesos with Aurora's labels and
 * container when the operator allows Docker, and is Invalid with the setting named when it does not; a task on an
 * agent the master loses shows as PARTITIONED and is replaced as its partition_policy says.
 */
@WithKubeApiServer
class MesosFidelityEndToEndTest {
  private static final long WAIT_SECONDS = 120;

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
    cluster = MesosOperators.scriptedCluster(AgentSpec.of("agent-1"));
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    cluster.close();
  }

  private OperatorRuntime startOperator(String namespace, String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "--watch-namespaces";
    args[1] = namespace;
    args[2] = "--evaluator-pool-size";
    args[3] = "1";
    System.arraycopy(flags, 0, args, 4, flags.length);
    return MesosOperators.operator(client, cluster, framework, frameworkIds, SchedulerSettings.defaults(), args)
        .start();
  }

  private static final String DOCKER_JOB = """
      import os
      serve = Process(name = 'serve', cmdline = 'exec python3 -m http.server {{thermos.ports[http]}}')
      task = Task(processes = [serve], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB))
      jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = 'web',
                      task = task, tier = 'preferred', metadata = [Metadata(key = 'team', value = 'search')],
                      container = Docker(image = 'python:3.11-slim',
                                         parameters = [Parameter(name = 'env', value = 'MODE=e2e')]))]
      """;

  @Test
  void aDockerJobReachesMesosWithAurorasContainerAndLabelsWhenTheOperatorAllowsIt() {
    String ns = "fidelity-docker";
    MesosOperators.createNamespace(client, ns);
    operator = startOperator(ns, "--allowed-container-types", "MESOS,DOCKER", "--allow-docker-parameters", "true");
    apply(ns, "web", DOCKER_JOB);
    AuroraJob web = await(ns, "web", j -> phase(j) == AuroraJobPhase.Running);
    String taskId = web.getStatus().tasks().get(0).taskId();
    TaskInfo info = cluster.taskInfo(frameworkIds.load().orElseThrow(), taskId);
    assertEquals(Labels.newBuilder()
        .addLabels(Label.newBuilder().setKey("org.apache.aurora.tier").setValue("preferred"))
        .addLabels(Label.newBuilder().setKey("org.apache.aurora.metadata.team").setValue("search")).build(),
        info.getLabels());
    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("python:3.11-slim")
            .addParameters(Parameter.newBuilder().setKey("env").setValue("MODE=e2e"))).build(),
        info.getExecutor().getContainer());
    assertEquals(ns + "/test/web", info.getName());
  }

  @Test
  void aDockerJobIsInvalidWithAurorasDefaultsAndTheReasonNamesTheSetting() {
    String ns = "fidelity-refused";
    MesosOperators.createNamespace(client, ns);
    operator = startOperator(ns);
    apply(ns, "web", DOCKER_JOB);
    AuroraJob web = await(ns, "web", j -> phase(j) == AuroraJobPhase.Invalid);
    String reasons = String.valueOf(web.getStatus().message()) + " " + web.getStatus().conditions().stream()
        .map(AuroraJobCondition::message).toList();
    assertTrue(reasons.contains("container:") && reasons.contains("--allowed-container-types MESOS,DOCKER"),
        reasons);
    assertEquals(0, cluster.launchCount(), "nothing was launched");
  }

  private static String service(String name, String policy) {
    return """
        import os
        loop = Process(name = 'loop', cmdline = 'while true; do sleep 1; done')
        task = Task(processes = [loop], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB))
        jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = '%s',
                        task = task%s)]
        """.formatted(name, policy.isEmpty() ? "" : ", partition_policy = " + policy);
  }

  @Test
  void aTaskOnAnUnreachableAgentIsPartitionedAndReplacedAsItsPolicySays() {
    String ns = "fidelity-partition";
    MesosOperators.createNamespace(client, ns);
    operator = startOperator(ns);
    apply(ns, "patient", service("patient", "PartitionPolicy(delay_secs = 3600)"));
    apply(ns, "eager", service("eager", ""));
    AuroraJob patient = await(ns, "patient", j -> runningTask(j) != null);
    AuroraJob eager = await(ns, "eager", j -> runningTask(j) != null);
    String patientTask = runningTask(patient).taskId();
    String eagerTask = runningTask(eager).taskId();
    assertEquals("agent-1", runningTask(patient).host());
    assertEquals("agent-1", runningTask(eager).host());
    cluster.addAgent(AgentSpec.of("agent-2"));
    cluster.partitionAgent(cluster.agents().stream().filter(a -> a.hostname().equals("agent-1")).findFirst()
        .orElseThrow().id());

    AuroraJob kept = await(ns, "patient", j -> j.getStatus().tasks().stream()
        .anyMatch(t -> t.taskId().equals(patientTask) && "PARTITIONED".equals(t.state())));
    assertEquals(List.of(patientTask), kept.getStatus().tasks().stream().map(InstanceStatus::taskId).toList(),
        "kept for delay_secs, not replaced");
    // No partition_policy: given up at once and replaced on the agent still reachable.
    AuroraJob replaced = await(ns, "eager", j -> runningTask(j) != null && !runningTask(j).taskId().equals(eagerTask));
    assertEquals("agent-2", runningTask(replaced).host());
  }

  private static InstanceStatus runningTask(AuroraJob job) {
    if (job.getStatus() == null || job.getStatus().tasks() == null) {
      return null;
    }
    return job.getStatus().tasks().stream().filter(t -> "RUNNING".equals(t.state())).findFirst().orElse(null);
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
          .waitUntilCondition(j -> j != null && j.getStatus() != null && condition.test(j), WAIT_SECONDS,
              TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      AuroraJob now = client.resources(AuroraJob.class).inNamespace(namespace).withName(name).get();
      throw new AssertionError(name + " did not get there; status now: " + (now == null ? null : now.getStatus()), e);
    }
  }

  private static AuroraJobPhase phase(AuroraJob job) {
    return job.getStatus() == null ? null : job.getStatus().phase();
  }
}
