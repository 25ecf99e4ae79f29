package dev.aurora.operator.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.ScriptedExecutors;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aurora-style jobs with containers, tiers, GPUs and metadata (test resource {@code containers/e2e_equivalents.aurora})
 * go from evaluation through the scheduling core's launch request and the real framework to the in-test master, and
 * the TaskInfo the master received carries, field by field, what Aurora's task factory ({@code MesosTaskFactoryImpl})
 * built: task labels tier then metadata, the executor's {@code source}, a {@code gpus} resource, revocable CPUs for
 * the revocable tier, and the container on the executor (DOCKER with its parameters; MESOS with the job's volumes and
 * then the image mounted read-only at {@code taskfs}). The expectations are written out here from that reading, not
 * computed by the code under test.
 */
class AuroraTaskFactoryParityTest {
  private static FakeMesosCluster cluster;
  private static MesosFramework framework;
  private static final Map<String, TaskState> states = new ConcurrentHashMap<>();
  private static final Map<String, JobSpec> jobs = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    String source;
    try (InputStream in = AuroraTaskFactoryParityTest.class.getResourceAsStream("/containers/e2e_equivalents.aurora")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("e2e_equivalents.aurora",
        Map.of("e2e_equivalents.aurora", source), Map.of("USER", "tester"), List.of(), null));
    assertTrue(result.ok(), () -> result.error().render());
    result.jobs().forEach(j -> jobs.put(j.key().name(), j));

    ScriptedExecutors runtime = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), runtime);
    runtime.attach(cluster);
    cluster.addAgent(AgentSpec.of("agent1").withResources(16, 16384).withGpus(2).withRevocableCpus(8));
    FrameworkConfig config = FrameworkConfig.builder(ExecutorSettings.installed("/opt/aurora/aurora-executor.jar"))
        .backoff(Duration.ofMillis(50), Duration.ofMillis(400)).declineRefuseSeconds(0.2)
        .allowGpus(true).receiveRevocable(true).build();
    framework = new MesosFramework(config, new StaticMasterDetector(cluster.masterUrls()),
        new InMemoryFrameworkIdStore());
    framework.start(List.of(), new TaskStatusListener() {
      @Override
      public void onStatus(TaskStatusEvent event) {
        states.put(event.taskId(), event.state());
        framework.acknowledge(event);
      }

      @Override
      public void onInitialReportComplete() {
      }
    });
  }

  @AfterAll
  static void stop() {
    if (framework != null) {
      framework.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Launches instance 0 of the named job and returns the TaskInfo the master accepted, once the task runs. */
  private static TaskInfo launched(String name) throws InterruptedException {
    JobSpec spec = jobs.get(name);
    LaunchRequest request = EffectRunner.launchRequest(JobConfig.of(spec, null), 0, "task-" + name);
    framework.launch(request);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (states.get(request.taskId()) != TaskState.RUNNING) {
      assertTrue(System.nanoTime() < deadline, name + " did not reach RUNNING: " + states.get(request.taskId()));
      Thread.sleep(20);
    }
    return cluster.taskInfo(framework.frameworkId().orElseThrow(), request.taskId());
  }

  private static Labels labels(String tier, String purpose) {
    return Labels.newBuilder()
        .addLabels(Label.newBuilder().setKey("org.apache.aurora.tier").setValue(tier))
        .addLabels(Label.newBuilder().setKey("org.apache.aurora.metadata.owner").setValue("fidelity"))
        .addLabels(Label.newBuilder().setKey("org.apache.aurora.metadata.purpose").setValue(purpose))
        .build();
  }

  private static List<Resource> named(List<Resource> resources, String name) {
    List<Resource> out = new ArrayList<>();
    resources.stream().filter(r -> r.getName().equals(name)).forEach(out::add);
    return out;
  }

  @SuppressWarnings("deprecation")
  private static void assertExecutorSource(ExecutorInfo executor, String name) {
    String source = "vagrant.test." + name + ".0";
    assertEquals(source, executor.getSource());
    assertEquals(Labels.newBuilder().addLabels(Label.newBuilder().setKey("source").setValue(source)).build(),
        executor.getLabels());
  }

  @Test
  void aJobWithoutContainerHasItsTierAndMetadataLabelsAndNoContainerInfo() throws Exception {
    TaskInfo plain = launched("plain");
    assertEquals("vagrant/test/plain", plain.getName());
    assertEquals(labels("preemptible", "plain"), plain.getLabels(), "the default tier is backfilled");
    assertFalse(plain.getExecutor().hasContainer());
    assertFalse(plain.hasContainer());
    assertExecutorSource(plain.getExecutor(), "plain");
    assertEquals(List.of(), named(plain.getResourcesList(), "gpus"));

    TaskInfo preferred = launched("preferred");
    assertEquals(labels("preferred", "preferred"), preferred.getLabels());
    TaskInfo mesosPlain = launched("mesos_plain");
    assertFalse(mesosPlain.getExecutor().hasContainer(), "Mesos() without an image adds no ContainerInfo");
  }

  @Test
  void theRevocableTierTakesRevocableCpusForTaskAndExecutorAndFirmMemory() throws Exception {
    TaskInfo task = launched("revocable");
    assertEquals(labels("revocable", "revocable"), task.getLabels());
    List<Resource> cpus = named(task.getResourcesList(), "cpus");
    assertEquals(1, cpus.size());
    assertTrue(cpus.get(0).hasRevocable());
    assertEquals(0.5, cpus.get(0).getScalar().getValue());
    assertFalse(named(task.getResourcesList(), "mem").get(0).hasRevocable());
    assertTrue(named(task.getExecutor().getResourcesList(), "cpus").get(0).hasRevocable());
    assertFalse(named(task.getExecutor().getResourcesList(), "mem").get(0).hasRevocable());
  }

  @Test
  void dockerContainersRunTheExecutorInTheImageWithTheirParameters() throws Exception {
    ExecutorInfo docker = launched("docker").getExecutor();
    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("python:3.11-slim")).build(), docker.getContainer());
    assertExecutorSource(docker, "docker");

    ExecutorInfo withParameters = launched("docker_parameters").getExecutor();
    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("python:3.11-slim")
            .addParameters(Parameter.newBuilder().setKey("env").setValue("MODE=fidelity"))
            .addParameters(Parameter.newBuilder().setKey("label").setValue("team=ops")))
        .build(), withParameters.getContainer());

    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
            .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("busybox:1.36")).build(),
        launched("docker_deprecated").getExecutor().getContainer(), "Container(docker=...) is the same container");
  }

  @Test
  void gpusAreAMesosResource() throws Exception {
    TaskInfo task = launched("gpu");
    List<Resource> gpus = named(task.getResourcesList(), "gpus");
    assertEquals(1, gpus.size());
    assertEquals(1.0, gpus.get(0).getScalar().getValue());
    assertEquals(List.of(), named(task.getExecutor().getResourcesList(), "gpus"), "the executor takes no GPU");
  }

  private static List<Volume> hostVolumes() {
    return List.of(
        Volume.newBuilder().setMode(Volume.Mode.RO).setHostPath("/etc/syslog.d")
            .setContainerPath("etc/syslog.container").build(),
        Volume.newBuilder().setMode(Volume.Mode.RW).setHostPath("/tmp/scratch").setContainerPath("var/scratch")
            .build());
  }

  @Test
  void mesosImagesAreMountedAtTaskfsAfterTheJobsVolumes() throws Exception {
    Image appc = Image.newBuilder().setType(Image.Type.APPC)
        .setAppc(Image.Appc.newBuilder().setName("http_netcat").setId("sha512-0123abcd")).build();
    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.newBuilder()).addAllVolumes(hostVolumes())
        .addVolumes(Volume.newBuilder().setImage(appc).setContainerPath("taskfs").setMode(Volume.Mode.RO)).build(),
        launched("appc").getExecutor().getContainer());

    Image docker = Image.newBuilder().setType(Image.Type.DOCKER)
        .setDocker(Image.Docker.newBuilder().setName("http_netcat:latest")).build();
    assertEquals(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.newBuilder()).addAllVolumes(hostVolumes())
        .addVolumes(Volume.newBuilder().setImage(docker).setContainerPath("taskfs").setMode(Volume.Mode.RO)).build(),
        launched("unified_docker").getExecutor().getContainer());
  }
}
