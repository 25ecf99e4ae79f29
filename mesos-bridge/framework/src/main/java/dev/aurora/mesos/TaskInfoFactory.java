package dev.aurora.mesos;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.LaunchRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * Builds the TaskInfo for one placed instance (MESOS.md A.8): one custom executor per task running our executor jar,
 * {@code data} = the {@link AssignedTask} document: the assigned ports and the request's job document as it came,
 * placement references unbound (the executor resolves the port aliases and binds, as Aurora's executor did).
 */
final class TaskInfoFactory {
  static final String EXECUTOR_ID_PREFIX = "aurora-";

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
        .setName(request.job() + "/" + request.instanceId())
        .setTaskId(TaskID.newBuilder().setValue(request.taskId()))
        .setAgentId(AgentID.newBuilder().setValue(offer.agentId()))
        .setData(ByteString.copyFrom(assigned.toJson(), StandardCharsets.UTF_8))
        .addResources(scalar("cpus", request.resources().cpus(), offer.role))
        .addResources(scalar("mem", request.resources().ramMb(), offer.role))
        .addResources(scalar("disk", request.resources().diskMb(), offer.role));
    if (!ports.isEmpty()) {
      Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
      ports.values().forEach(p -> ranges.addRange(Value.Range.newBuilder().setBegin(p).setEnd(p)));
      task.addResources(role(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges),
          offer.role));
    }
    task.setExecutor(executorInfo(request.taskId(), frameworkId, offer.role));
    return task.build();
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

  private ExecutorInfo executorInfo(String taskId, String frameworkId, String role) {
    ExecutorInfo.Builder info = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(executorIdFor(taskId)))
        .setName("AuroraExecutor")
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setCommand(command)
        .addResources(scalar("cpus", executor.cpus(), role))
        .addResources(scalar("mem", executor.memMb(), role));
    if (executor.diskMb() > 0) {
      info.addResources(scalar("disk", executor.diskMb(), role));
    }
    return info.build();
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
