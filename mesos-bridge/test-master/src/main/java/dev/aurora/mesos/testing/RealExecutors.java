package dev.aurora.mesos.testing;

import dev.aurora.executor.testing.AgentExecutorEndpoint;
import dev.aurora.mesos.protocol.ProtoJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Simulated agents that run the real executor as a child process speaking the v1 executor API, through the executor
 * module's in-test agent endpoint ({@link AgentExecutorEndpoint}, one per agent). The endpoint holds the executor's
 * updates; this class forwards each to the master's status update manager and passes the scheduler's
 * acknowledgements back as ACKNOWLEDGED events, so acknowledgement flows end to end. Sandboxes live under
 * {@code sandboxRoot/<hostname>/<executor id>}; the executor's URIs are fetched into it first, as the Mesos fetcher
 * would (the endpoint then starts the executor's Main from this JVM's class path or {@code aurora.executor.jar}).
 */
public final class RealExecutors implements ExecutorRuntime {
  private static final long POLL_MILLIS = 10;

  private final Path sandboxRoot;
  private final Map<String, AgentExecutorEndpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, Path> sandboxes = new ConcurrentHashMap<>();
  private final java.util.Set<String> started = ConcurrentHashMap.newKeySet();
  private volatile FakeMesosCluster cluster;
  private volatile boolean closed;

  public RealExecutors(Path sandboxRoot) {
    this.sandboxRoot = sandboxRoot;
  }

  public void attach(FakeMesosCluster owner) {
    this.cluster = owner;
  }

  /** Where an executor ran; the task's processes log under {@code sandbox/.logs/<process>/<run>/}. */
  public Path sandbox(String executorId) {
    return sandboxes.get(executorId);
  }

  @Override
  public void launch(SimulatedAgent agent, FrameworkInfo framework, ExecutorInfo executor, TaskInfo task) {
    String executorId = executor.getExecutorId().getValue();
    AgentExecutorEndpoint endpoint = endpoints.computeIfAbsent(agent.id(), id -> {
      try {
        AgentExecutorEndpoint e = AgentExecutorEndpoint.start(id, framework.getId().getValue());
        e.setAutoAcknowledge(false); // acknowledgements come from the scheduler, through the master
        return e;
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    });
    Map<String, String> env = new HashMap<>();
    if (executor.getCommand().hasEnvironment()) {
      for (Environment.Variable v : executor.getCommand().getEnvironment().getVariablesList()) {
        env.put(v.getName(), v.getValue());
      }
    }
    env.put("MESOS_CHECKPOINT", framework.getCheckpoint() ? "1" : "0");
    Path sandbox = sandboxRoot.resolve(agent.hostname()).resolve(executorId);
    sandboxes.put(executorId, sandbox);
    try {
      Fetcher.fetch(executor.getCommand().getUrisList(), sandbox);
      java.nio.file.Files.createDirectories(sandbox);
      // As the agent attaches an executor's directory: under the framework/executor virtual path (what the web UI
      // and `kubectl aurora logs` read) and under its own real path.
      String virtual = "/frameworks/" + framework.getId().getValue() + "/executors/" + executorId + "/runs/latest";
      agent.files().attach(sandbox, virtual);
      agent.files().attach(sandbox, sandbox.toRealPath().toString());
    } catch (IOException e) {
      cluster.containerLaunchFailed(agent.id(), executorId, "Failed to fetch URIs: " + e.getMessage());
      return;
    }
    Process process;
    try {
      process = endpoint.launchExecutor(executorId, sandbox, env);
    } catch (IOException e) {
      cluster.executorExited(agent.id(), executorId, 127);
      return;
    }
    started.add(executorId);
    endpoint.launch(executorId, ProtoJson.toJson(task));
    Thread forwarder = new Thread(() -> forward(agent, endpoint, executorId, process),
        "agent-" + agent.hostname() + "-" + executorId);
    forwarder.setDaemon(true);
    forwarder.start();
  }

  /** Hands the executor's updates to the master in order until the executor has exited and all are passed on. */
  private void forward(SimulatedAgent agent, AgentExecutorEndpoint endpoint, String executorId, Process process) {
    int forwarded = 0;
    boolean agentFailedTasks = false;
    while (!closed) {
      boolean exited = !process.isAlive();
      List<AgentExecutorEndpoint.Update> updates = endpoint.updates(executorId);
      for (; forwarded < updates.size(); forwarded++) {
        AgentExecutorEndpoint.Update u = updates.get(forwarded);
        if ("SOURCE_AGENT".equals(u.source())) {
          agentFailedTasks = true; // the master's agent generates these itself when told the executor exited
          continue;
        }
        TaskStatus.Builder status = TaskStatus.newBuilder();
        ProtoJson.merge(u.status(), status, "");
        try {
          cluster.executorUpdate(agent.id(), executorId, status.buildPartial());
        } catch (RuntimeException e) {
          // validation failed as the agent's would; the endpoint already answered the executor
        }
      }
      if (exited && forwarded == endpoint.updates(executorId).size()) {
        if (agentFailedTasks || process.exitValue() != 0) {
          cluster.executorExited(agent.id(), executorId, process.exitValue());
        }
        return;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void kill(SimulatedAgent agent, String executorId, TaskID task) {
    AgentExecutorEndpoint endpoint = endpoints.get(agent.id());
    if (endpoint != null && started.contains(executorId)) {
      endpoint.kill(executorId, task.getValue(), null);
    }
  }

  @Override
  public void shutdown(SimulatedAgent agent, String executorId) {
    AgentExecutorEndpoint endpoint = endpoints.get(agent.id());
    if (endpoint != null && started.contains(executorId)) {
      endpoint.shutdown(executorId);
    }
  }

  @Override
  public void acknowledged(SimulatedAgent agent, String executorId, TaskID task, ByteString uuid) {
    AgentExecutorEndpoint endpoint = endpoints.get(agent.id());
    if (endpoint == null) {
      return;
    }
    String encoded = Base64.getEncoder().encodeToString(uuid.toByteArray());
    for (AgentExecutorEndpoint.Update u : endpoint.updates(executorId)) {
      if (encoded.equals(u.uuid())) {
        endpoint.acknowledge(executorId, u);
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    endpoints.values().forEach(AgentExecutorEndpoint::close);
  }
}
