package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.FakeMasterSchedulingTest.accept;
import static dev.aurora.mesos.testing.FakeMasterSchedulingTest.scalar;
import static dev.aurora.mesos.testing.FakeMasterSchedulingTest.task;
import static dev.aurora.mesos.testing.RawScheduler.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.mesos.protocol.MesosHttp;
import java.time.Duration;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Volume;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the in-test master does for the framework capabilities Aurora used (GPU_RESOURCES, REVOCABLE_RESOURCES,
 * PARTITION_AWARE) and how it validates containers, as Mesos does.
 */
class FakeMasterCapabilitiesTest {
  private FakeMesosCluster cluster;
  private RawScheduler scheduler;

  private RawScheduler start(AgentSpec agent, FrameworkInfo.Capability.Type... capabilities) throws Exception {
    ScriptedExecutors runtime = ScriptedExecutors.running();
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), runtime);
    runtime.attach(cluster);
    cluster.addAgent(agent);
    Call.Builder call = RawScheduler.subscribeCall(null).toBuilder();
    FrameworkInfo.Builder info = call.getSubscribeBuilder().getFrameworkInfoBuilder();
    for (FrameworkInfo.Capability.Type c : capabilities) {
      info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(c));
    }
    scheduler = new RawScheduler(cluster.leaderUrl()).subscribe(call.build(), MesosHttp.PROTOBUF);
    return scheduler;
  }

  @AfterEach
  void stop() throws Exception {
    if (scheduler != null) {
      scheduler.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static double total(Offer offer, String name, boolean revocable) {
    return offer.getResourcesList().stream()
        .filter(r -> r.getName().equals(name) && r.hasRevocable() == revocable)
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }

  private static TaskStatus update(RawScheduler s, String taskId, TaskState state) throws InterruptedException {
    return s.next(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getTaskId().getValue()
        .equals(taskId) && e.getUpdate().getStatus().getState() == state).getUpdate().getStatus();
  }

  @Test
  void anAgentWithGpusIsOfferedOnlyToAFrameworkThatCanUseThem() throws Exception {
    RawScheduler plain = start(AgentSpec.of("gpu1").withGpus(2));
    assertTrue(plain.poll(type(Event.Type.OFFERS), Duration.ofMillis(500)) == null,
        "without GPU_RESOURCES a GPU agent is not offered");
    stop();
    RawScheduler s = start(AgentSpec.of("gpu1").withGpus(2), FrameworkInfo.Capability.Type.GPU_RESOURCES);
    Offer offer = s.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    assertEquals(2.0, total(offer, "gpus", false));
    TaskInfo withGpu = task("t1", offer, 1, 128).toBuilder().addResources(scalar("gpus", 1)).build();
    s.post(accept(offer, withGpu));
    update(s, "t1", TaskState.TASK_STARTING);
  }

  @Test
  void fractionalGpusAreRefused() throws Exception {
    RawScheduler s = start(AgentSpec.of("gpu1").withGpus(2), FrameworkInfo.Capability.Type.GPU_RESOURCES);
    Offer offer = s.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    s.post(accept(offer, task("t1", offer, 1, 128).toBuilder().addResources(scalar("gpus", 0.5)).build()));
    assertEquals("The 'gpus' resource must be an unsigned integer", update(s, "t1", TaskState.TASK_ERROR).getMessage());
  }

  @Test
  void revocableCpusAreOfferedOnlyWithRevocableResourcesAndCountedApart() throws Exception {
    RawScheduler plain = start(AgentSpec.of("h1").withRevocableCpus(3));
    Offer firm = plain.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    assertEquals(0.0, total(firm, "cpus", true));
    stop();
    RawScheduler s = start(AgentSpec.of("h1").withRevocableCpus(3),
        FrameworkInfo.Capability.Type.REVOCABLE_RESOURCES);
    Offer offer = s.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    assertEquals(3.0, total(offer, "cpus", true));
    assertEquals(4.0, total(offer, "cpus", false));
    Resource revocableCpus = scalar("cpus", 3.5).toBuilder().setRevocable(Resource.RevocableInfo.newBuilder()).build();
    TaskInfo tooMuch = task("t1", offer, 1, 128).toBuilder().setResources(0, revocableCpus).build();
    s.post(accept(offer, tooMuch));
    assertTrue(update(s, "t1", TaskState.TASK_ERROR).getMessage().startsWith("Task uses more resources"),
        "3.5 revocable CPUs do not fit in 3, however many firm ones there are");
  }

  @Test
  void containersAreValidatedAsMesosDoes() throws Exception {
    RawScheduler s = start(AgentSpec.of("h1"));
    Offer offer = s.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    TaskInfo base = task("t1", offer, 0.5, 128);
    TaskInfo noDockerInfo = base.toBuilder().setExecutor(base.getExecutor().toBuilder()
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER))).build();
    TaskInfo named = withId(base, "t2").toBuilder().setExecutor(base.getExecutor().toBuilder()
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(
            ContainerInfo.DockerInfo.newBuilder().setImage("busybox")
                .addParameters(Parameter.newBuilder().setKey("name").setValue("x"))))).build();
    Image image = Image.newBuilder().setType(Image.Type.DOCKER)
        .setDocker(Image.Docker.newBuilder().setName("debian:slim")).build();
    TaskInfo twoSources = withId(base, "t3").toBuilder().setExecutor(base.getExecutor().toBuilder()
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
            .setMesos(ContainerInfo.MesosInfo.newBuilder()).addVolumes(Volume.newBuilder().setContainerPath("taskfs")
                .setMode(Volume.Mode.RO).setImage(image).setHostPath("/x")))).build();
    TaskInfo valid = withId(base, "t4").toBuilder().setExecutor(base.getExecutor().toBuilder()
        .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
            .setMesos(ContainerInfo.MesosInfo.newBuilder())
            .addVolumes(Volume.newBuilder().setContainerPath("/etc/x").setHostPath("/etc/x").setMode(Volume.Mode.RO))
            .addVolumes(Volume.newBuilder().setContainerPath("taskfs").setMode(Volume.Mode.RO).setImage(image))))
        .build();
    s.post(accept(offer, noDockerInfo, named, twoSources, valid));
    assertEquals("Executor's ContainerInfo is invalid: DockerInfo 'docker' is not set for DOCKER typed ContainerInfo",
        update(s, "t1", TaskState.TASK_ERROR).getMessage());
    assertEquals("Executor's ContainerInfo is invalid: Parameter in DockerInfo must not be 'name'",
        update(s, "t2", TaskState.TASK_ERROR).getMessage());
    assertEquals("Executor's ContainerInfo is invalid: Invalid volume: Only one of them should be set: 'host_path', "
        + "'image' and 'source'", update(s, "t3", TaskState.TASK_ERROR).getMessage());
    update(s, "t4", TaskState.TASK_STARTING);
    assertEquals(valid.getExecutor().getContainer(),
        cluster.taskInfo(cluster.frameworkIds().iterator().next(), "t4").getExecutor().getContainer());
  }

  private static TaskInfo withId(TaskInfo task, String id) {
    return task.toBuilder().setTaskId(TaskID.newBuilder().setValue(id))
        .setExecutor(task.getExecutor().toBuilder().setExecutorId(
            org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e-" + id))).build();
  }

  @Test
  void aPartitionedAgentsTasksAreUnreachableForAPartitionAwareFrameworkAndLostOtherwise() throws Exception {
    RawScheduler aware = start(AgentSpec.of("h1"), FrameworkInfo.Capability.Type.PARTITION_AWARE);
    Offer offer = aware.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    aware.post(accept(offer, task("t1", offer, 1, 128)));
    update(aware, "t1", TaskState.TASK_STARTING);
    String agent = offer.getAgentId().getValue();
    cluster.partitionAgent(agent);
    TaskStatus unreachable = update(aware, "t1", TaskState.TASK_UNREACHABLE);
    assertEquals(TaskStatus.Source.SOURCE_MASTER, unreachable.getSource());
    assertTrue(unreachable.hasUnreachableTime());
    assertFalse(unreachable.hasUuid(), "a master-generated update is not acknowledged");
    // Tasks the master cannot account for: TASK_GONE when the agent is registered, TASK_UNKNOWN otherwise.
    aware.post(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder()
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost1"))
            .setAgentId(AgentID.newBuilder().setValue(agent)))
        .addTasks(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost2")))));
    update(aware, "ghost1", TaskState.TASK_GONE);
    update(aware, "ghost2", TaskState.TASK_UNKNOWN);
    stop();

    RawScheduler plain = start(AgentSpec.of("h1"));
    offer = plain.next(type(Event.Type.OFFERS)).getOffers().getOffers(0);
    plain.post(accept(offer, task("t1", offer, 1, 128)));
    update(plain, "t1", TaskState.TASK_STARTING);
    cluster.partitionAgent(offer.getAgentId().getValue());
    update(plain, "t1", TaskState.TASK_LOST);
  }
}
