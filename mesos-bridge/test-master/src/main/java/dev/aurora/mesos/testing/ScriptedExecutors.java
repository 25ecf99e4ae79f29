package dev.aurora.mesos.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Executors that run no process: each launched task reports the states its script gives (e.g. STARTING, RUNNING),
 * a KILL answers TASK_KILLED, a SHUTDOWN kills everything and exits. For protocol tests and the benchmark; the
 * end-to-end tests use the real executor jar instead.
 */
public final class ScriptedExecutors implements ExecutorRuntime {
  private final Function<TaskInfo, List<TaskState>> script;
  private volatile FakeMesosCluster cluster;
  private final Map<String, String> executorOfTask = new ConcurrentHashMap<>();
  private final Set<String> unresponsive = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();

  public ScriptedExecutors(Function<TaskInfo, List<TaskState>> script) {
    this.script = script;
  }

  /** Tasks start and keep running. */
  public static ScriptedExecutors running() {
    return new ScriptedExecutors(task -> List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING));
  }

  /** Must be called once the cluster exists (the cluster needs the runtime first). */
  public void attach(FakeMesosCluster owner) {
    this.cluster = owner;
  }

  /** This executor ignores KILL and SHUTDOWN (a hung executor), so only the agent's destroy ends it. */
  public void hang(String executorId) {
    unresponsive.add(executorId);
  }

  /** Reports a state for a task as its executor would. */
  public void report(SimulatedAgent agent, String taskId, TaskState state, String message) {
    String executorId = executorOfTask.get(taskId);
    cluster.executorUpdate(agent.id(), executorId, TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state).setMessage(message)
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(FakeMesosCluster.uuid()).build());
  }

  /** How many ACKNOWLEDGED events reached this task's executor. */
  public int acknowledgedCount(String taskId) {
    return acknowledged.getOrDefault(taskId, 0);
  }

  @Override
  public void launch(SimulatedAgent agent, FrameworkInfo framework, ExecutorInfo executor, TaskInfo task) {
    executorOfTask.put(task.getTaskId().getValue(), executor.getExecutorId().getValue());
    for (TaskState state : script.apply(task)) {
      report(agent, task.getTaskId().getValue(), state, "");
    }
  }

  @Override
  public void kill(SimulatedAgent agent, String executorId, TaskID task) {
    if (!unresponsive.contains(executorId)) {
      report(agent, task.getValue(), TaskState.TASK_KILLED, "Killed by the scheduler");
    }
  }

  @Override
  public void shutdown(SimulatedAgent agent, String executorId) {
    if (unresponsive.contains(executorId)) {
      return;
    }
    executorOfTask.forEach((task, executor) -> {
      if (executor.equals(executorId)) {
        try {
          report(agent, task, TaskState.TASK_KILLED, "Executor shut down");
        } catch (RuntimeException ignored) {
          // the agent may be gone already
        }
      }
    });
    cluster.executorExited(agent.id(), executorId, 0);
  }

  @Override
  public void acknowledged(SimulatedAgent agent, String executorId, TaskID task, ByteString uuid) {
    acknowledged.merge(task.getValue(), 1, Integer::sum);
  }
}
