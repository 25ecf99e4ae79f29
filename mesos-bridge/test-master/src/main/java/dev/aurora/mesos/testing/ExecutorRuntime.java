package dev.aurora.mesos.testing;

import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * The executor side of a simulated agent: what the agent would do with its executors. Implementations report back
 * through {@link FakeMesosCluster#executorUpdate} (executor-generated updates, with uuid) and
 * {@link FakeMesosCluster#executorExited}. Calls come without the cluster lock held.
 */
public interface ExecutorRuntime extends AutoCloseable {
  void launch(SimulatedAgent agent, FrameworkInfo framework, ExecutorInfo executor, TaskInfo task);

  void kill(SimulatedAgent agent, String executorId, TaskID task);

  /** SHUTDOWN event: kill everything, exit within the grace period. */
  void shutdown(SimulatedAgent agent, String executorId);

  /** The scheduler acknowledged this update (the agent's ACKNOWLEDGED event to the executor). */
  void acknowledged(SimulatedAgent agent, String executorId, TaskID task, ByteString uuid);

  @Override
  default void close() {
  }
}
