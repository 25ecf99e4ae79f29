package dev.aurora.mesos.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * An in-test Mesos cluster on 127.0.0.1: one or more masters (one leads, the others answer 307) and simulated
 * agents, following MESOS.md Part A. Masters can crash, restart and fail over; agents can be lost; acknowledgements
 * can be dropped and updates duplicated, to test a framework against the faults Mesos really has.
 *
 * <p>All state is guarded by this object's lock; events go out through per-stream writer threads and executor
 * calls through one ordered dispatcher thread, so no I/O happens under the lock.
 */
public final class FakeMesosCluster implements AutoCloseable {
  /** The agent retries from 10 s up to 10 min (MESOS.md A.4): the longest interval is 60 times the first. */
  static final long STATUS_UPDATE_RETRY_MAX_FACTOR = 60;
  private static final Set<TaskState> TERMINAL = Set.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
      TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_DROPPED, TaskState.TASK_GONE,
      TaskState.TASK_LOST, TaskState.TASK_GONE_BY_OPERATOR);

  final MasterOptions options;
  private final String clusterId = UUID.randomUUID().toString();
  private final List<MasterEndpoint> masters = new ArrayList<>();
  private final Map<String, SimulatedAgent> agents = new LinkedHashMap<>();
  private final Map<String, FrameworkState> frameworks = new LinkedHashMap<>();
  private final Set<String> removedFrameworks = new HashSet<>();
  private final Map<String, OfferState> offers = new HashMap<>();
  private final Map<String, String> offeredAgents = new HashMap<>();
  private final Map<Call.Type, AtomicInteger> callCounts = new EnumMap<>(Call.Type.class);
  private final ScheduledExecutorService timers;
  private final ExecutorService runtimeCalls;
  private ExecutorRuntime runtime;
  private MasterEndpoint leader;
  private int nextAgent;
  private int nextOffer;
  private int nextFramework;
  private int launchTotal;
  private boolean dropAcknowledgements;
  private boolean duplicateUpdates;
  private boolean silent;
  private volatile long acceptDelayMillis;

  /** A framework as the master knows it. */
  static final class FrameworkState {
    final String id;
    FrameworkInfo info;
    EventStream stream;
    boolean suppressed;
    long disconnectedAtNanos = -1;
    final Map<String, Filter> filters = new HashMap<>();
    final Map<String, MasterTask> tasks = new LinkedHashMap<>();

    FrameworkState(String id) {
      this.id = id;
    }

    boolean connected() {
      return stream != null && !stream.isClosed();
    }
  }

  /** Resources a framework refused on an agent, until a deadline (MESOS.md A.4 Filters). */
  record Filter(long untilNanos, double cpus, double mem, double disk) {
  }

  /** An outstanding offer with what it still holds. */
  static final class OfferState {
    final Offer offer;
    final String frameworkId;
    final String agentId;

    OfferState(Offer offer, String frameworkId) {
      this.offer = offer;
      this.frameworkId = frameworkId;
      this.agentId = offer.getAgentId().getValue();
    }
  }

  /** A task with its pending status updates (the agent's status update manager, one in flight at a time). */
  static final class MasterTask {
    final TaskInfo info;
    final String agentId;
    final String executorId;
    final double cpus;
    final double mem;
    final double disk;
    final Set<Long> ports;
    double gpus;
    double revocableCpus;
    TaskState state = TaskState.TASK_STAGING;
    boolean released;
    final ArrayDeque<TaskStatus> updates = new ArrayDeque<>();
    long headSentNanos;
    /** How long after {@link #headSentNanos} the head is retried: doubles with each retry (MESOS.md A.4). */
    long retryNanos;

    MasterTask(TaskInfo info, double cpus, double mem, double disk, Set<Long> ports) {
      this.info = info;
      this.agentId = info.getAgentId().getValue();
      this.executorId = info.getExecutor().getExecutorId().getValue();
      this.cpus = cpus;
      this.mem = mem;
      this.disk = disk;
      this.ports = ports;
    }
  }

  /** A cluster with {@code masterCount} masters on 127.0.0.1; the first one leads. */
  public FakeMesosCluster(int masterCount, MasterOptions options, ExecutorRuntime runtime) throws IOException {
    this.options = options;
    this.runtime = runtime;
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fake-master-timers"));
    this.runtimeCalls = Executors.newSingleThreadExecutor(r -> daemon(r, "fake-agent-executors"));
    for (int i = 0; i < masterCount; i++) {
      MasterEndpoint m = new MasterEndpoint(this, i);
      m.start(0);
      masters.add(m);
    }
    leader = masters.get(0);
    long alloc = options.allocationInterval().toMillis();
    timers.scheduleWithFixedDelay(this::allocate, alloc, alloc, TimeUnit.MILLISECONDS);
    long beat = options.heartbeat().toMillis();
    timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    long sweep = Math.max(20, options.statusUpdateRetry().toMillis() / 4);
    timers.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  public static FakeMesosCluster start(ExecutorRuntime runtime) throws IOException {
    return new FakeMesosCluster(1, MasterOptions.forTests(), runtime);
  }

  // ------------------------------------------------------------------------------------------ test controls

  public URI leaderUrl() {
    synchronized (this) {
      return leader == null ? null : leader.url();
    }
  }

  public MasterEndpoint master(int index) {
    return masters.get(index);
  }

  /** All master URLs, e.g. for a framework's static master list. */
  public List<URI> masterUrls() {
    return masters.stream().map(MasterEndpoint::url).toList();
  }

  public synchronized SimulatedAgent addAgent(AgentSpec spec) {
    SimulatedAgent agent = new SimulatedAgent(clusterId + "-S" + nextAgent++, spec);
    agents.put(agent.id(), agent);
    timers.execute(this::allocate);
    return agent;
  }

  public synchronized List<SimulatedAgent> agents() {
    return List.copyOf(agents.values());
  }

  /**
   * The agent is gone (MESOS.md: agent removed): its offers are rescinded, each framework gets TASK_LOST (source
   * MASTER, REASON_AGENT_REMOVED, no uuid) for its tasks there and a FAILURE event for the agent.
   */
  public void removeAgent(String agentId) {
    List<String> executors = new ArrayList<>();
    SimulatedAgent agent;
    synchronized (this) {
      agent = agents.remove(agentId);
      if (agent == null) {
        return;
      }
      rescindOffersOfAgent(agentId);
      for (FrameworkState fw : frameworks.values()) {
        for (Iterator<MasterTask> it = fw.tasks.values().iterator(); it.hasNext(); ) {
          MasterTask task = it.next();
          if (!task.agentId.equals(agentId)) {
            continue;
          }
          it.remove();
          executors.add(task.executorId);
          if (!TERMINAL.contains(task.state)) {
            sendNow(fw, masterStatus(task.info.getTaskId(), TaskState.TASK_LOST,
                TaskStatus.Reason.REASON_AGENT_REMOVED, "Agent " + agent.hostname() + " removed")
                .setAgentId(AgentID.newBuilder().setValue(agentId)).build());
          }
        }
        if (fw.connected()) {
          fw.stream.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
              .setAgentId(AgentID.newBuilder().setValue(agentId))).build());
        }
      }
    }
    for (String executor : executors) {
      runtimeCalls.execute(() -> runtime.shutdown(agent, executor));
    }
    agent.files().close();
  }

  /** The leading master crashes: connections drop, offers vanish, no leader until {@link #elect}. */
  /**
   * The master loses touch with an agent and marks it unreachable (a network partition): its offers are rescinded and
   * every framework hears TASK_UNREACHABLE (source MASTER, REASON_AGENT_REMOVED, no uuid) for its tasks there, or
   * TASK_LOST if it is not PARTITION_AWARE. The tasks stay known as unreachable; the agent's executors keep running.
   */
  public synchronized void partitionAgent(String agentId) {
    SimulatedAgent agent = agents.get(agentId);
    if (agent == null || agent.unreachable) {
      return;
    }
    agent.unreachable = true;
    rescindOffersOfAgent(agentId);
    for (FrameworkState fw : frameworks.values()) {
      for (MasterTask task : fw.tasks.values()) {
        if (!task.agentId.equals(agentId) || TERMINAL.contains(task.state)) {
          continue;
        }
        TaskState state = partitionAware(fw) ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
        task.state = state;
        TaskStatus.Builder status = masterStatus(task.info.getTaskId(), state, TaskStatus.Reason.REASON_AGENT_REMOVED,
            "Agent " + agent.hostname() + " is unreachable").setAgentId(AgentID.newBuilder().setValue(agentId));
        if (state == TaskState.TASK_UNREACHABLE) {
          status.setUnreachableTime(org.apache.mesos.v1.Protos.TimeInfo.newBuilder()
              .setNanoseconds(System.currentTimeMillis() * 1_000_000L));
        }
        sendNow(fw, status.build());
      }
    }
  }

  public void crashLeader() {
    MasterEndpoint crashed;
    synchronized (this) {
      crashed = leader;
      leader = null;
      dropSessions();
    }
    if (crashed != null) {
      crashed.stop();
    }
  }

  /** Makes this master lead (it must be running); the others redirect to it. */
  public synchronized void elect(int masterIndex) {
    MasterEndpoint next = masters.get(masterIndex);
    if (!next.isRunning()) {
      throw new IllegalStateException("master " + masterIndex + " is not running");
    }
    if (leader != next) {
      dropSessions();
      leader = next;
    }
  }

  /** Stops and starts the leading master on the same port; frameworks must re-subscribe. */
  public void restartLeader() throws IOException {
    MasterEndpoint m;
    synchronized (this) {
      m = leader;
      leader = null;
      dropSessions();
    }
    int port = m.url().getPort();
    m.stop();
    m.start(port);
    synchronized (this) {
      leader = m;
    }
  }

  /** While set, ACKNOWLEDGE calls are answered 202 but lost on the way to the agent, which therefore retries. */
  public synchronized void dropAcknowledgements(boolean drop) {
    dropAcknowledgements = drop;
  }

  /** While set, every executor update reaches the scheduler twice (as a retry would). */
  public synchronized void duplicateUpdates(boolean duplicate) {
    duplicateUpdates = duplicate;
  }

  /** A slow master: every ACCEPT waits this long before the master looks at it (other calls overtake it). */
  public void delayAccepts(java.time.Duration delay) {
    acceptDelayMillis = delay.toMillis();
  }

  long acceptDelayMillis() {
    return acceptDelayMillis;
  }

  /** While set, the master sends no heartbeats and no offers (a hung master behind a live connection). */
  public synchronized void silence(boolean quiet) {
    silent = quiet;
  }

  public synchronized int callCount(Call.Type type) {
    AtomicInteger n = callCounts.get(type);
    return n == null ? 0 : n.get();
  }

  public synchronized boolean isSubscribed(String frameworkId) {
    FrameworkState fw = frameworks.get(frameworkId);
    return fw != null && fw.connected();
  }

  public synchronized Set<String> frameworkIds() {
    return Set.copyOf(frameworks.keySet());
  }

  /** Tasks the master knows for a framework with their latest state (terminal ones until acknowledged). */
  public synchronized Map<String, TaskState> tasks(String frameworkId) {
    Map<String, TaskState> out = new LinkedHashMap<>();
    FrameworkState fw = frameworks.get(frameworkId);
    if (fw != null) {
      fw.tasks.forEach((id, t) -> out.put(id, t.state));
    }
    return out;
  }

  /** How many tasks were launched on any agent over the cluster's life (a duplicate launch counts twice). */
  public synchronized int launchCount() {
    return launchTotal;
  }

  /** Per-task details the tests may check (agent, TaskInfo). */
  public synchronized TaskInfo taskInfo(String frameworkId, String taskId) {
    FrameworkState fw = frameworks.get(frameworkId);
    MasterTask t = fw == null ? null : fw.tasks.get(taskId);
    return t == null ? null : t.info;
  }

  // -------------------------------------------------------------------------------- executor-facing (agent)

  /**
   * An update sent by an executor (executor API UPDATE, MESOS.md A.6): validated as the agent does, then queued in
   * the task's status update stream and forwarded one at a time until acknowledged.
   */
  public void executorUpdate(String agentId, String executorId, TaskStatus status) {
    if (!status.hasUuid() || status.getUuid().size() != 16) {
      throw new IllegalArgumentException("'status.uuid' must be 16 bytes");
    }
    if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
      throw new IllegalArgumentException("Received Call from executor with invalid source: " + status.getSource());
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      throw new IllegalArgumentException("Received TASK_STAGING from executor");
    }
    synchronized (this) {
      queueUpdate(agentId, status.toBuilder().setAgentId(AgentID.newBuilder().setValue(agentId))
          .setExecutorId(ExecutorID.newBuilder().setValue(executorId)).build());
    }
  }

  /**
   * The executor process ended: every unfinished task of it gets an agent-generated TASK_FAILED (source AGENT,
   * REASON_EXECUTOR_TERMINATED, with uuid) and the framework a FAILURE{agent, executor, status}.
   */
  public void executorExited(String agentId, String executorId, int exitStatus) {
    failExecutor(agentId, executorId, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, "Executor terminated",
        exitStatus);
  }

  /** The container could not be launched, e.g. the fetcher failed (MESOS.md A.8): TASK_FAILED with
   * REASON_CONTAINER_LAUNCH_FAILED for its tasks. */
  public void containerLaunchFailed(String agentId, String executorId, String message) {
    failExecutor(agentId, executorId, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, message, 1);
  }

  private synchronized void failExecutor(String agentId, String executorId, TaskStatus.Reason reason,
                                         String message, int exitStatus) {
    for (FrameworkState fw : frameworks.values()) {
      boolean owned = false;
      for (MasterTask task : fw.tasks.values()) {
        if (!task.agentId.equals(agentId) || !task.executorId.equals(executorId)) {
          continue;
        }
        owned = true;
        if (!TERMINAL.contains(latestQueuedState(task))) {
          queueUpdate(agentId, TaskStatus.newBuilder().setTaskId(task.info.getTaskId())
              .setState(TaskState.TASK_FAILED).setSource(TaskStatus.Source.SOURCE_AGENT).setReason(reason)
              .setMessage(message).setUuid(uuid())
              .setAgentId(AgentID.newBuilder().setValue(agentId))
              .setExecutorId(ExecutorID.newBuilder().setValue(executorId)).build());
        }
      }
      if (owned && fw.connected()) {
        fw.stream.send(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure.newBuilder()
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .setExecutorId(ExecutorID.newBuilder().setValue(executorId)).setStatus(exitStatus)).build());
      }
    }
  }

  private TaskState latestQueuedState(MasterTask task) {
    return task.updates.isEmpty() ? task.state : task.updates.peekLast().getState();
  }

  private void queueUpdate(String agentId, TaskStatus status) {
    for (FrameworkState fw : frameworks.values()) {
      MasterTask task = fw.tasks.get(status.getTaskId().getValue());
      if (task == null || !task.agentId.equals(agentId)) {
        continue;
      }
      task.state = status.getState();
      if (TERMINAL.contains(status.getState())) {
        release(task);
      }
      task.updates.add(status.toBuilder().setTimestamp(System.currentTimeMillis() / 1000.0).build());
      if (task.updates.size() == 1) {
        forwardHead(fw, task);
      }
      return;
    }
  }

  /**
   * Sends the task's oldest unacknowledged update: when it is new, when the framework (re-)subscribes (the agent
   * resends pending updates at once when the framework re-registers) and on the retry timer.
   */
  private void forwardHead(FrameworkState fw, MasterTask task) {
    forwardHead(fw, task, false);
  }

  /** {@code retry}: sent by the retry timer, which then backs off exponentially, as the agent's does. */
  private void forwardHead(FrameworkState fw, MasterTask task, boolean retry) {
    TaskStatus head = task.updates.peek();
    if (head == null) {
      return;
    }
    long min = options.statusUpdateRetry().toNanos();
    task.retryNanos = retry ? Math.min(task.retryNanos * 2, min * STATUS_UPDATE_RETRY_MAX_FACTOR) : min;
    task.headSentNanos = System.nanoTime();
    if (fw.connected()) {
      Event update = Event.newBuilder().setType(Event.Type.UPDATE)
          .setUpdate(Event.Update.newBuilder().setStatus(head)).build();
      fw.stream.send(update);
      if (duplicateUpdates) {
        fw.stream.send(update);
      }
    }
  }

  private void release(MasterTask task) {
    if (task.released) {
      return;
    }
    task.released = true;
    SimulatedAgent agent = agents.get(task.agentId);
    if (agent != null) {
      agent.usedCpus -= task.cpus;
      agent.usedGpus -= task.gpus;
      agent.usedRevocableCpus -= task.revocableCpus;
      agent.usedMem -= task.mem;
      agent.usedDisk -= task.disk;
      agent.usedPorts.removeAll(task.ports);
    }
  }

  // -------------------------------------------------------------------------------- scheduler-facing (master)

  synchronized boolean isLeader(MasterEndpoint m) {
    return leader == m;
  }

  synchronized MasterEndpoint leader() {
    return leader;
  }

  synchronized void count(Call.Type type) {
    callCounts.computeIfAbsent(type, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Null when the framework may use non-SUBSCRIBE calls; else the HTTP status and message to answer. */
  synchronized String[] checkFramework(String frameworkId, String streamId) {
    FrameworkState fw = frameworks.get(frameworkId);
    if (fw == null) {
      return new String[] {"400", "Framework cannot be found"};
    }
    if (!fw.connected()) {
      return new String[] {"403", "Framework is not subscribed"};
    }
    if (streamId == null) {
      return new String[] {"400", "All non-subscribe calls should include the 'Mesos-Stream-Id' header"};
    }
    if (!streamId.equals(fw.stream.streamId)) {
      return new String[] {"400", "The stream ID '" + streamId + "' included in this request didn't match the "
          + "stream ID currently associated with framework ID " + frameworkId};
    }
    return null;
  }

  synchronized void subscribe(Call.Subscribe subscribe, String streamId, boolean json, HttpExchange exchange) {
    EventStream stream = new EventStream(streamId, json, exchange, this::streamBroken);
    FrameworkInfo info = subscribe.getFrameworkInfo();
    String id = info.hasId() ? info.getId().getValue() : clusterId + "-" + String.format("%04d", nextFramework++);
    if (removedFrameworks.contains(id)) {
      stream.send(error("Framework has been removed"));
      stream.close();
      return;
    }
    if (info.getRolesList().stream().anyMatch(r -> r.isEmpty() || r.contains("/") || r.startsWith("-"))) {
      stream.send(error("Invalid roles " + info.getRolesList()));
      stream.close();
      return;
    }
    FrameworkState fw = frameworks.computeIfAbsent(id, FrameworkState::new);
    if (fw.connected()) {
      fw.stream.send(error("Framework failed over"));
      fw.stream.close();
    }
    List<OfferID> rescinded = removeOffersOf(fw.id);
    fw.info = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
    fw.stream = stream;
    fw.disconnectedAtNanos = -1;
    fw.suppressed = !subscribe.getSuppressedRolesList().isEmpty()
        && subscribe.getSuppressedRolesList().containsAll(info.getRolesList());
    stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(id))
        .setHeartbeatIntervalSeconds(options.heartbeat().toMillis() / 1000.0)
        .setMasterInfo(masterInfo(leader))).build());
    stream.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    for (OfferID offerId : rescinded) {
      stream.send(Event.newBuilder().setType(Event.Type.RESCIND)
          .setRescind(Event.Rescind.newBuilder().setOfferId(offerId)).build());
    }
    for (MasterTask task : fw.tasks.values()) {
      forwardHead(fw, task);
    }
    timers.execute(this::allocate);
  }

  synchronized void teardown(String frameworkId) {
    FrameworkState fw = frameworks.remove(frameworkId);
    if (fw == null) {
      return;
    }
    removedFrameworks.add(frameworkId);
    removeOffersOf(frameworkId);
    shutdownAll(fw);
    if (fw.stream != null) {
      fw.stream.close();
    }
  }

  synchronized void accept(String frameworkId, Call.Accept accept) {
    FrameworkState fw = frameworks.get(frameworkId);
    String invalid = null;
    List<OfferState> used = new ArrayList<>();
    for (OfferID id : accept.getOfferIdsList()) {
      OfferState o = offers.get(id.getValue());
      if (o == null) {
        invalid = "Offer " + id.getValue() + " is no longer valid";
      } else if (!o.frameworkId.equals(frameworkId)) {
        invalid = "Offer " + id.getValue() + " has invalid framework";
      } else if (!used.isEmpty() && !used.get(0).agentId.equals(o.agentId)) {
        invalid = "Aggregated offers must belong to one single agent";
      } else {
        used.add(o);
      }
    }
    if (used.isEmpty() && invalid == null) {
      invalid = "No offers specified";
    }
    for (OfferState o : used) {
      offers.remove(o.offer.getId().getValue());
      offeredAgents.remove(o.agentId);
    }
    List<TaskInfo> launches = new ArrayList<>();
    for (Offer.Operation op : accept.getOperationsList()) {
      if (op.getType() == Offer.Operation.Type.LAUNCH) {
        launches.addAll(op.getLaunch().getTaskInfosList());
      }
    }
    if (invalid != null) {
      for (TaskInfo task : launches) {
        sendNow(fw, masterStatus(task.getTaskId(), partitionAware(fw) ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
            TaskStatus.Reason.REASON_INVALID_OFFERS, invalid).build());
      }
      timers.execute(this::allocate);
      return;
    }
    SimulatedAgent agent = agents.get(used.get(0).agentId);
    Available available = new Available(agent, true);
    for (TaskInfo task : launches) {
      String error = validate(fw, task, agent, available);
      if (error != null) {
        sendNow(fw, masterStatus(task.getTaskId(), TaskState.TASK_ERROR, TaskStatus.Reason.REASON_TASK_INVALID,
            error).build());
        continue;
      }
      Available need = Available.of(task);
      available.subtract(need);
      agent.usedCpus += need.cpus;
      agent.usedGpus += need.gpus;
      agent.usedRevocableCpus += need.revocableCpus;
      agent.usedMem += need.mem;
      agent.usedDisk += need.disk;
      agent.usedPorts.addAll(need.ports);
      TaskInfo stored = task.getExecutor().hasFrameworkId() ? task : task.toBuilder().setExecutor(
          task.getExecutor().toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))).build();
      MasterTask record = new MasterTask(stored, need.cpus, need.mem, need.disk, need.ports);
      record.gpus = need.gpus;
      record.revocableCpus = need.revocableCpus;
      fw.tasks.put(task.getTaskId().getValue(), record);
      launchTotal++;
      FrameworkInfo info = fw.info;
      runtimeCalls.execute(() -> runtime.launch(agent, info, stored.getExecutor(), stored));
    }
    double refuse = accept.hasFilters() && accept.getFilters().hasRefuseSeconds()
        ? accept.getFilters().getRefuseSeconds() : 5.0;
    addFilter(fw, agent.id(), refuse, available);
  }

  synchronized void decline(String frameworkId, Call.Decline decline) {
    FrameworkState fw = frameworks.get(frameworkId);
    for (OfferID id : decline.getOfferIdsList()) {
      OfferState o = offers.get(id.getValue());
      if (o == null || !o.frameworkId.equals(frameworkId)) {
        continue;
      }
      offers.remove(id.getValue());
      offeredAgents.remove(o.agentId);
      SimulatedAgent agent = agents.get(o.agentId);
      if (agent != null) {
        double refuse = decline.hasFilters() && decline.getFilters().hasRefuseSeconds()
            ? decline.getFilters().getRefuseSeconds() : 5.0;
        addFilter(fw, agent.id(), refuse, new Available(agent, false));
      }
    }
  }

  synchronized void revive(String frameworkId) {
    FrameworkState fw = frameworks.get(frameworkId);
    fw.suppressed = false;
    fw.filters.clear();
    timers.execute(this::allocate);
  }

  synchronized void suppress(String frameworkId) {
    frameworks.get(frameworkId).suppressed = true;
  }

  synchronized void kill(String frameworkId, Call.Kill kill) {
    FrameworkState fw = frameworks.get(frameworkId);
    MasterTask task = fw.tasks.get(kill.getTaskId().getValue());
    if (task == null) {
      TaskStatus.Builder lost = masterStatus(kill.getTaskId(), TaskState.TASK_LOST,
          TaskStatus.Reason.REASON_RECONCILIATION, "Attempted to kill an unknown task");
      if (kill.hasAgentId()) {
        lost.setAgentId(kill.getAgentId());
      }
      sendNow(fw, lost.build());
      return;
    }
    if (TERMINAL.contains(latestQueuedState(task))) {
      return;
    }
    SimulatedAgent agent = agents.get(task.agentId);
    runtimeCalls.execute(() -> runtime.kill(agent, task.executorId, kill.getTaskId()));
  }

  synchronized void shutdown(String frameworkId, Call.Shutdown shutdown) {
    SimulatedAgent agent = agents.get(shutdown.getAgentId().getValue());
    if (agent == null) {
      return;
    }
    String executorId = shutdown.getExecutorId().getValue();
    runtimeCalls.execute(() -> runtime.shutdown(agent, executorId));
    // After the grace period the agent destroys the container; whatever is still running is lost.
    timers.schedule(() -> destroyExecutor(frameworkId, agent.id(), executorId),
        options.executorShutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void destroyExecutor(String frameworkId, String agentId, String executorId) {
    FrameworkState fw = frameworks.get(frameworkId);
    if (fw == null) {
      return;
    }
    boolean alive = fw.tasks.values().stream().anyMatch(t -> t.agentId.equals(agentId)
        && t.executorId.equals(executorId) && !TERMINAL.contains(latestQueuedState(t)));
    if (alive) {
      executorExited(agentId, executorId, 9);
    }
  }

  /** Returns an HTTP error message for a malformed uuid, else null. */
  synchronized String acknowledge(String frameworkId, Call.Acknowledge ack) {
    if (ack.getUuid().size() != 16) {
      return "Failed to validate scheduler::Call: Not a valid UUID";
    }
    if (dropAcknowledgements) {
      return null;
    }
    FrameworkState fw = frameworks.get(frameworkId);
    MasterTask task = fw.tasks.get(ack.getTaskId().getValue());
    if (task == null) {
      return null;
    }
    TaskStatus head = task.updates.peek();
    if (head == null || !head.getUuid().equals(ack.getUuid())) {
      return null; // duplicate or late acknowledgement: dropped, as the agent does
    }
    task.updates.poll();
    SimulatedAgent agent = agents.get(task.agentId);
    TaskID taskId = ack.getTaskId();
    ByteString uuid = ack.getUuid();
    if (agent != null) {
      runtimeCalls.execute(() -> runtime.acknowledged(agent, task.executorId, taskId, uuid));
    }
    if (task.updates.isEmpty() && TERMINAL.contains(task.state)) {
      fw.tasks.remove(taskId.getValue());
    } else {
      forwardHead(fw, task);
    }
    return null;
  }

  synchronized void reconcile(String frameworkId, Call.Reconcile reconcile) {
    FrameworkState fw = frameworks.get(frameworkId);
    if (reconcile.getTasksCount() == 0) {
      for (MasterTask task : fw.tasks.values()) {
        sendNow(fw, reconciled(task));
      }
      return;
    }
    for (Call.Reconcile.Task t : reconcile.getTasksList()) {
      MasterTask task = fw.tasks.get(t.getTaskId().getValue());
      if (task != null) {
        sendNow(fw, reconciled(task));
        continue;
      }
      boolean agentKnown = t.hasAgentId() && agents.containsKey(t.getAgentId().getValue());
      // A registered agent that does not know the task: TASK_GONE; no agent to ask: TASK_UNKNOWN. A framework that is
      // not PARTITION_AWARE hears TASK_LOST for both (MESOS.md A.7).
      TaskState state = !partitionAware(fw) ? TaskState.TASK_LOST
          : agentKnown ? TaskState.TASK_GONE : TaskState.TASK_UNKNOWN;
      TaskStatus.Builder lost = masterStatus(t.getTaskId(), state,
          TaskStatus.Reason.REASON_RECONCILIATION,
          agentKnown ? "Reconciliation: Task is unknown to the agent" : "Reconciliation: Task is unknown");
      if (t.hasAgentId()) {
        lost.setAgentId(t.getAgentId());
      }
      sendNow(fw, lost.build());
    }
  }

  /**
   * The master answers with the task's status_update_state when an update is still unacknowledged (the state of the
   * update in flight, the oldest one), else with its latest state (MESOS.md A.7).
   */
  private TaskStatus reconciled(MasterTask task) {
    TaskState state = task.updates.isEmpty() ? task.state : task.updates.peekFirst().getState();
    return masterStatus(task.info.getTaskId(), state, TaskStatus.Reason.REASON_RECONCILIATION,
        "Reconciliation: Latest task state").setAgentId(AgentID.newBuilder().setValue(task.agentId))
        .setExecutorId(ExecutorID.newBuilder().setValue(task.executorId)).build();
  }

  // ------------------------------------------------------------------------------------------------ internals

  private String validate(FrameworkState fw, TaskInfo task, SimulatedAgent agent, Available available) {
    if (task.hasCommand() == task.hasExecutor()) {
      return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
    }
    if (fw.tasks.containsKey(task.getTaskId().getValue())) {
      return "Task has duplicate ID: " + task.getTaskId().getValue();
    }
    if (!task.getAgentId().getValue().equals(agent.id())) {
      return "Task uses invalid agent: " + task.getAgentId().getValue();
    }
    if (task.hasExecutor()) {
      ExecutorInfo e = task.getExecutor();
      if (!e.hasCommand()) {
        return "Executor '" + e.getExecutorId().getValue() + "' has no command";
      }
      if (e.hasType() && e.getType() != ExecutorInfo.Type.CUSTOM) {
        return "Executor '" + e.getExecutorId().getValue() + "' of type " + e.getType()
            + " cannot be used with LAUNCH";
      }
      if (e.hasFrameworkId() && !e.getFrameworkId().getValue().equals(fw.id)) {
        return "ExecutorInfo has an invalid FrameworkID";
      }
    }
    String containerProblem = ContainerValidation.problem(task);
    if (containerProblem != null) {
      return containerProblem;
    }
    Available need = Available.of(task);
    if (!available.contains(need)) {
      return "Task uses more resources " + need + " than available " + available;
    }
    return null;
  }

  static boolean hasCapability(FrameworkInfo info, FrameworkInfo.Capability.Type type) {
    return info != null && info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
  }

  private static boolean partitionAware(FrameworkState fw) {
    return hasCapability(fw.info, FrameworkInfo.Capability.Type.PARTITION_AWARE);
  }

  private void addFilter(FrameworkState fw, String agentId, double refuseSeconds, Available refused) {
    double seconds = Math.min(Math.max(refuseSeconds, 0), 365 * 24 * 3600.0);
    if (seconds <= 0) {
      return;
    }
    fw.filters.put(agentId, new Filter(System.nanoTime() + (long) (seconds * 1e9), refused.cpus, refused.mem,
        refused.disk));
  }

  /** Sends an update that needs no acknowledgement (master-generated, no uuid). */
  private void sendNow(FrameworkState fw, TaskStatus status) {
    if (fw != null && fw.connected()) {
      fw.stream.send(Event.newBuilder().setType(Event.Type.UPDATE)
          .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }
  }

  private static TaskStatus.Builder masterStatus(TaskID taskId, TaskState state, TaskStatus.Reason reason,
                                                 String message) {
    return TaskStatus.newBuilder().setTaskId(taskId).setState(state).setSource(TaskStatus.Source.SOURCE_MASTER)
        .setReason(reason).setMessage(message).setTimestamp(System.currentTimeMillis() / 1000.0);
  }

  private static Event error(String message) {
    return Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message))
        .build();
  }

  /** A random v4 UUID as the 16 raw bytes status updates carry. */
  static ByteString uuid() {
    UUID u = UUID.randomUUID();
    return ByteString.copyFrom(java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits()).array());
  }

  private MasterInfo masterInfo(MasterEndpoint m) {
    return MasterInfo.newBuilder().setId(clusterId + "-M" + m.index).setIp(0x7f000001).setPort(m.url().getPort())
        .setHostname("127.0.0.1").setPid("master@127.0.0.1:" + m.url().getPort()).build();
  }

  private void shutdownAll(FrameworkState fw) {
    for (MasterTask task : fw.tasks.values()) {
      release(task);
      SimulatedAgent agent = agents.get(task.agentId);
      if (agent != null) {
        runtimeCalls.execute(() -> runtime.shutdown(agent, task.executorId));
      }
    }
    fw.tasks.clear();
  }

  private List<OfferID> removeOffersOf(String frameworkId) {
    List<OfferID> removed = new ArrayList<>();
    for (Iterator<OfferState> it = offers.values().iterator(); it.hasNext(); ) {
      OfferState o = it.next();
      if (o.frameworkId.equals(frameworkId)) {
        it.remove();
        offeredAgents.remove(o.agentId);
        removed.add(o.offer.getId());
      }
    }
    return removed;
  }

  private void rescindOffersOfAgent(String agentId) {
    String offerId = offeredAgents.remove(agentId);
    OfferState o = offerId == null ? null : offers.remove(offerId);
    if (o != null) {
      FrameworkState fw = frameworks.get(o.frameworkId);
      if (fw != null && fw.connected()) {
        fw.stream.send(Event.newBuilder().setType(Event.Type.RESCIND)
            .setRescind(Event.Rescind.newBuilder().setOfferId(o.offer.getId())).build());
      }
    }
  }

  private void dropSessions() {
    for (FrameworkState fw : frameworks.values()) {
      if (fw.stream != null) {
        fw.stream.close();
        fw.stream = null;
        fw.disconnectedAtNanos = System.nanoTime();
      }
    }
    offers.clear();
    offeredAgents.clear();
  }

  private synchronized void streamBroken(EventStream stream) {
    for (FrameworkState fw : frameworks.values()) {
      if (fw.stream == stream) {
        fw.stream = null;
        fw.disconnectedAtNanos = System.nanoTime();
        removeOffersOf(fw.id);
      }
    }
  }

  private synchronized void allocate() {
    if (leader == null || silent) {
      return;
    }
    long now = System.nanoTime();
    for (FrameworkState fw : frameworks.values()) {
      if (!fw.connected() || fw.suppressed) {
        continue;
      }
      Event.Offers.Builder batch = Event.Offers.newBuilder();
      for (SimulatedAgent agent : agents.values()) {
        if (offeredAgents.containsKey(agent.id()) || agent.unreachable) {
          continue;
        }
        if (agent.spec().gpus() > 0 && !hasCapability(fw.info, FrameworkInfo.Capability.Type.GPU_RESOURCES)) {
          continue; // the master keeps agents with GPUs from frameworks that cannot use them
        }
        Available free = new Available(agent, false);
        if (free.cpus < 0.01 && free.mem < 32) {
          continue; // below Mesos' minimum allocatable resources
        }
        Filter filter = fw.filters.get(agent.id());
        if (filter != null) {
          if (filter.untilNanos() > now && free.cpus <= filter.cpus() + 1e-9 && free.mem <= filter.mem() + 1e-9
              && free.disk <= filter.disk() + 1e-9) {
            continue;
          }
          fw.filters.remove(agent.id());
        }
        Offer offer = buildOffer(fw, agent, free);
        offers.put(offer.getId().getValue(), new OfferState(offer, fw.id));
        offeredAgents.put(agent.id(), offer.getId().getValue());
        batch.addOffers(offer);
      }
      if (batch.getOffersCount() > 0) {
        fw.stream.send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(batch).build());
      }
    }
  }

  private Offer buildOffer(FrameworkState fw, SimulatedAgent agent, Available free) {
    String role = fw.info.getRolesCount() > 0 ? fw.info.getRoles(0) : "*";
    Resource.AllocationInfo allocation = Resource.AllocationInfo.newBuilder().setRole(role).build();
    Offer.Builder offer = Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue(clusterId + "-O" + nextOffer++))
        .setFrameworkId(FrameworkID.newBuilder().setValue(fw.id))
        .setAgentId(AgentID.newBuilder().setValue(agent.id()))
        .setHostname(agent.hostname())
        // The agent's own address, as the master fills it from the agent's pid: its files API is served there.
        .setUrl(org.apache.mesos.v1.Protos.URL.newBuilder().setScheme("http")
            .setAddress(org.apache.mesos.v1.Protos.Address.newBuilder().setHostname(agent.hostname())
                .setIp("127.0.0.1").setPort(agent.files().url().getPort()))
            .setPath("/slave(1)"))
        .addResources(scalar("cpus", free.cpus, allocation))
        .addResources(scalar("mem", free.mem, allocation))
        .addResources(scalar("disk", free.disk, allocation));
    if (free.gpus > 0) {
      offer.addResources(scalar("gpus", free.gpus, allocation));
    }
    if (free.revocableCpus > 0 && hasCapability(fw.info, FrameworkInfo.Capability.Type.REVOCABLE_RESOURCES)) {
      offer.addResources(scalar("cpus", free.revocableCpus, allocation).toBuilder()
          .setRevocable(Resource.RevocableInfo.newBuilder()));
    }
    Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
    long begin = agent.spec().portBegin();
    for (long used : agent.usedPorts.subSet(agent.spec().portBegin(), true, agent.spec().portEnd(), true)) {
      if (used > begin) {
        ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(used - 1));
      }
      begin = used + 1;
    }
    if (begin <= agent.spec().portEnd()) {
      ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(agent.spec().portEnd()));
    }
    if (ranges.getRangeCount() > 0) {
      offer.addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges)
          .setAllocationInfo(allocation));
    }
    agent.attributes().forEach((k, v) -> offer.addAttributes(Attribute.newBuilder().setName(k)
        .setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(v))));
    return offer.build();
  }

  private static Resource scalar(String name, double value, Resource.AllocationInfo allocation) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(Math.round(value * 1000) / 1000.0))
        .setAllocationInfo(allocation).build();
  }

  private synchronized void heartbeat() {
    if (leader == null || silent) {
      return;
    }
    for (FrameworkState fw : frameworks.values()) {
      if (fw.connected()) {
        fw.stream.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
      }
    }
  }

  /** Retries unacknowledged updates and removes frameworks whose failover timeout ran out. */
  private synchronized void sweep() {
    long now = System.nanoTime();
    for (Iterator<FrameworkState> it = frameworks.values().iterator(); it.hasNext(); ) {
      FrameworkState fw = it.next();
      if (fw.connected()) {
        for (MasterTask task : fw.tasks.values()) {
          if (!task.updates.isEmpty() && now - task.headSentNanos >= task.retryNanos) {
            forwardHead(fw, task, true);
          }
        }
      } else if (fw.disconnectedAtNanos >= 0 && leader != null) {
        double timeout = fw.info == null ? 0 : fw.info.getFailoverTimeout();
        if (now - fw.disconnectedAtNanos > (long) (timeout * 1e9)) {
          it.remove();
          removedFrameworks.add(fw.id);
          shutdownAll(fw);
        }
      }
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    synchronized (this) {
      leader = null;
      dropSessions();
    }
    for (MasterEndpoint m : masters) {
      m.stop();
    }
    runtimeCalls.shutdown();
    try {
      runtimeCalls.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
    for (SimulatedAgent agent : agents()) {
      agent.files().close();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Free (or needed) resources of an agent or a task, including the task's executor. */
  static final class Available {
    double cpus;
    double mem;
    double disk;
    double gpus;
    double revocableCpus;
    final Set<Long> ports = new HashSet<>();

    private Available() {
    }

    /** Free scalars of an agent; free ports only when {@code withPorts} (they are costly to enumerate). */
    Available(SimulatedAgent agent, boolean withPorts) {
      cpus = agent.spec().cpus() - agent.usedCpus;
      mem = agent.spec().memMb() - agent.usedMem;
      disk = agent.spec().diskMb() - agent.usedDisk;
      gpus = agent.spec().gpus() - agent.usedGpus;
      revocableCpus = agent.spec().revocableCpus() - agent.usedRevocableCpus;
      for (long p = agent.spec().portBegin(); withPorts && p <= agent.spec().portEnd(); p++) {
        if (!agent.usedPorts.contains(p)) {
          ports.add(p);
        }
      }
    }

    static Available of(TaskInfo task) {
      Available need = new Available();
      need.add(task.getResourcesList());
      if (task.hasExecutor()) {
        need.add(task.getExecutor().getResourcesList());
      }
      return need;
    }

    private void add(List<Resource> resources) {
      for (Resource r : resources) {
        switch (r.getName()) {
          case "cpus" -> {
            if (r.hasRevocable()) {
              revocableCpus += r.getScalar().getValue();
            } else {
              cpus += r.getScalar().getValue();
            }
          }
          case "gpus" -> gpus += r.getScalar().getValue();
          case "mem" -> mem += r.getScalar().getValue();
          case "disk" -> disk += r.getScalar().getValue();
          case "ports" -> r.getRanges().getRangeList().forEach(range -> {
            for (long p = range.getBegin(); p <= range.getEnd(); p++) {
              ports.add(p);
            }
          });
          default -> {
          }
        }
      }
    }

    boolean contains(Available need) {
      return need.cpus <= cpus + 1e-9 && need.mem <= mem + 1e-9 && need.disk <= disk + 1e-9
          && need.gpus <= gpus + 1e-9 && need.revocableCpus <= revocableCpus + 1e-9 && ports.containsAll(need.ports);
    }

    void subtract(Available need) {
      cpus -= need.cpus;
      mem -= need.mem;
      disk -= need.disk;
      gpus -= need.gpus;
      revocableCpus -= need.revocableCpus;
      ports.removeAll(need.ports);
    }

    @Override
    public String toString() {
      return String.format("cpus:%.3f; mem:%.1f; disk:%.1f; gpus:%.0f; revocable cpus:%.3f; ports:%d", cpus, mem,
          disk, gpus, revocableCpus, ports.size());
    }
  }
}
