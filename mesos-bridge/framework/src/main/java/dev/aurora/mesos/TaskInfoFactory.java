package dev.aurora.mesos;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.Container;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Builds the TaskInfo for one placed instance (MESOS.md A.8): one custom executor per task running our executor jar,
 * {@code data} = the {@link AssignedTask} document: the assigned ports and the request's job document as it came,
 * placement references unbound (the executor resolves the port aliases and binds, as Aurora's executor did).
 *
 * <p>What Aurora's scheduler put around that is reproduced as its task factory did: the labels
 * {@code org.apache.aurora.tier} and {@code org.apache.aurora.metadata.<key>} on the task, the executor's
 * {@code source} label ({@code role.environment.name.instance}), a {@code gpus} resource for a job with GPUs, and the
 * container on the executor: a Docker container runs the executor (so every process) inside the image; a Mesos
 * container with an image adds the image as a read-only volume at {@code taskfs}, after the job's volumes.
 */
final class TaskInfoFactory {
  static final String EXECUTOR_ID_PREFIX = "aurora-";
  static final String TIER_LABEL = "org.apache.aurora.tier";
  static final String METADATA_LABEL_PREFIX = "org.apache.aurora.metadata.";
  static final String SOURCE_LABEL = "source";
  /** Where Aurora mounted a task's filesystem image in the executor's sandbox (its TASK_FILESYSTEM_MOUNT_POINT). */
  static final String TASK_FILESYSTEM_MOUNT_POINT = "taskfs";

  private final ExecutorSettings executor;
  /** The same for every task: built once (placement speed matters, MESOS.md figures). */
  private final CommandInfo command;

  TaskInfoFactory(ExecutorSettings executor) {
    this.executor = executor;
    this.command = command(executor);
  }

  static String executorIdFor(String taskId) {
    return EXECUTOR_ID_PREFIX + taskId;
  }

  TaskInfo build(LaunchRequest request, HostOffer offer, Map<String, Integer> ports, String frameworkId) {
    AssignedTask assigned =
        new AssignedTask(request.taskId(), request.instanceId(), offer.hostname(), ports, request.document());

    TaskInfo.Builder task = TaskInfo.newBuilder()
        .setName(request.job().toString()) // Aurora's canonical job key, role/environment/name
        .setTaskId(TaskID.newBuilder().setValue(request.taskId()))
        .setAgentId(AgentID.newBuilder().setValue(offer.agentId()))
        .setData(ByteString.copyFrom(assigned.toJson(), StandardCharsets.UTF_8))
        .addResources(cpus(request.resources().cpus(), offer.role, request.config().revocable()))
        .addResources(scalar("mem", request.resources().ramMb(), offer.role))
        .addResources(scalar("disk", request.resources().diskMb(), offer.role));
    if (request.resources().gpus() > 0) {
      task.addResources(scalar("gpus", request.resources().gpus(), offer.role));
    }
    if (!ports.isEmpty()) {
      Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
      ports.values().forEach(p -> ranges.addRange(Value.Range.newBuilder().setBegin(p).setEnd(p)));
      task.addResources(role(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges),
          offer.role));
    }
    task.setLabels(labels(request.config()));
    ExecutorInfo.Builder executorInfo = executorInfo(request, frameworkId, offer.role);
    ContainerInfo container = containerInfo(request.config().container());
    if (container != null) {
      executorInfo.setContainer(container);
    }
    task.setExecutor(executorInfo);
    return task.build();
  }

  static Labels labels(TaskConfig config) {
    Labels.Builder labels = Labels.newBuilder()
        .addLabels(Label.newBuilder().setKey(TIER_LABEL).setValue(config.tier()));
    config.metadata().forEach(m -> labels.addLabels(
        Label.newBuilder().setKey(METADATA_LABEL_PREFIX + m.key()).setValue(m.value())));
    return labels.build();
  }

  /** Null for a Mesos container without an image: the executor runs on the agent's own filesystem. */
  static ContainerInfo containerInfo(Container container) {
    if (container == null) {
      return null;
    }
    if (container.type() == Container.Type.DOCKER) {
      ContainerInfo.DockerInfo.Builder docker = ContainerInfo.DockerInfo.newBuilder().setImage(container.dockerImage());
      container.parameters().forEach(p -> docker.addParameters(
          Parameter.newBuilder().setKey(p.name()).setValue(p.value())));
      return ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER).setDocker(docker).build();
    }
    if (container.image() == null) {
      return null; // Aurora mounted a Mesos container's volumes only into its image
    }
    Image.Builder image = Image.newBuilder();
    if (container.image().kind() == Container.Image.Kind.APPC) {
      image.setType(Image.Type.APPC).setAppc(Image.Appc.newBuilder()
          .setName(container.image().name()).setId(container.image().reference()));
    } else {
      image.setType(Image.Type.DOCKER).setDocker(Image.Docker.newBuilder()
          .setName(container.image().name() + ":" + container.image().reference()));
    }
    ContainerInfo.Builder info = ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
        .setMesos(ContainerInfo.MesosInfo.newBuilder());
    container.volumes().forEach(v -> info.addVolumes(Volume.newBuilder().setMode(Volume.Mode.valueOf(v.mode()))
        .setHostPath(v.hostPath()).setContainerPath(v.containerPath())));
    info.addVolumes(Volume.newBuilder().setImage(image).setContainerPath(TASK_FILESYSTEM_MOUNT_POINT)
        .setMode(Volume.Mode.RO));
    return info.build();
  }

  private static CommandInfo command(ExecutorSettings executor) {
    CommandInfo.Builder command = CommandInfo.newBuilder().setShell(true).setValue(executor.shellCommand());
    if (executor.jarUri() != null) {
      command.addUris(CommandInfo.URI.newBuilder().setValue(executor.jarUri()).setExecutable(false)
          .setExtract(false).setCache(executor.cacheJar()).setOutputFile(ExecutorSettings.JAR_NAME));
    }
    if (!executor.environment().isEmpty()) {
      Environment.Builder env = Environment.newBuilder();
      executor.environment().forEach((k, v) -> env.addVariables(
          Environment.Variable.newBuilder().setName(k).setValue(v)));
      command.setEnvironment(env);
    }
    return command.build();
  }

  @SuppressWarnings("deprecation") // source is deprecated in favour of the label; Aurora set both for old agents
  private ExecutorInfo.Builder executorInfo(LaunchRequest request, String frameworkId, String role) {
    String source = request.job().role() + "." + request.job().environment() + "." + request.job().name() + "."
        + request.instanceId();
    ExecutorInfo.Builder info = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(executorIdFor(request.taskId())))
        .setName("AuroraExecutor")
        .setSource(source)
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey(SOURCE_LABEL).setValue(source)))
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setCommand(command)
        .addResources(cpus(executor.cpus(), role, request.config().revocable()))
        .addResources(scalar("mem", executor.memMb(), role));
    if (executor.diskMb() > 0) {
      info.addResources(scalar("disk", executor.diskMb(), role));
    }
    return info;
  }

  /** A revocable task's CPUs, its executor's included, come from the offer's revocable CPUs (Aurora's AcceptedOffer). */
  private static Resource cpus(double value, String role, boolean revocable) {
    if (!revocable) {
      return scalar("cpus", value, role);
    }
    return role(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .setRevocable(Resource.RevocableInfo.newBuilder()), role);
  }

  private static Resource scalar(String name, double value, String role) {
    return role(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)), role);
  }

  private static Resource role(Resource.Builder resource, String role) {
    if (role != null) {
      resource.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
    }
    return resource.build();
  }
}
