package dev.aurora.executor.mesos;

import dev.aurora.executor.ExecutorSettings;
import dev.aurora.executor.cli.TransitionPrinter;
import dev.aurora.executor.json.Json;
import dev.aurora.executor.json.Json.Node;
import dev.aurora.executor.runtime.ProcessTransition;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.supervisor.TaskObserver;
import dev.aurora.executor.supervisor.TaskOutcome;
import dev.aurora.executor.supervisor.TaskSupervisor;
import dev.aurora.executor.task.BoundTask;
import dev.aurora.executor.task.InvalidTaskException;
import dev.aurora.executor.task.TaskReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The executor under Mesos (MESOS.md A.6): subscribes to the agent, runs each LAUNCHed task with a
 * {@link TaskSupervisor}, reports TASK_STARTING / TASK_RUNNING / terminal states as UPDATE calls with fresh UUIDs,
 * keeps every update until ACKNOWLEDGED and every TaskInfo until one of its updates was, and re-sends both in
 * SUBSCRIBE after a reconnection. It exits once all tasks ended and their updates were acknowledged.
 */
public final class MesosExecutor {
  private final MesosEnvironment env;
  private final ExecutorSettings settings;
  private final AgentConnection agent;
  private final Map<String, Launched> tasks = new LinkedHashMap<>();
  /** Updates sent but not yet acknowledged, by base64 uuid, in sending order. */
  private final Map<String, Map<String, Object>> unacknowledged = new LinkedHashMap<>();
  private volatile boolean exiting;
  private boolean ackWaitStarted;

  private static final class Launched {
    final String taskId;
    final Node taskInfo;
    TaskSupervisor supervisor;
    boolean acknowledged;
    boolean ended;

    Launched(String taskId, Node taskInfo) {
      this.taskId = taskId;
      this.taskInfo = taskInfo;
    }
  }

  public MesosExecutor(MesosEnvironment env, ExecutorSettings settings) {
    this.env = env;
    this.settings = settings;
    this.agent = new AgentConnection(env.agentEndpoint(), env.authToken());
  }

  /** {@code executor [flags]}: reads the MESOS_* environment and runs until the work is done. */
  public static int runFromEnvironment(List<String> args, Map<String, String> environment) {
    MesosEnvironment env;
    ExecutorSettings settings;
    try {
      env = MesosEnvironment.from(environment);
      settings = ExecutorSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("aurora-executor: " + e.getMessage());
      return 2;
    }
    return new MesosExecutor(env, settings).run();
  }

  public int run() {
    // SIGTERM to the executor (an agent destroying its container, an operator) still tears the tasks down.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> killAllAndWait(Duration.ofSeconds(3)), "executor-stop"));
    long disconnectedSince = -1;
    Duration backoff = Duration.ofMillis(100);
    while (!exiting) {
      try {
        InputStream events = agent.subscribe(subscribeCall());
        disconnectedSince = -1;
        backoff = Duration.ofMillis(100);
        for (byte[] record = RecordIo.read(events); record != null && !exiting; record = RecordIo.read(events)) {
          handle(event(record));
        }
      } catch (IOException | RuntimeException e) {
        if (!exiting) {
          log("disconnected from agent: " + e);
        }
      } finally {
        agent.closeStream();
      }
      if (exiting) {
        break;
      }
      if (!env.checkpoint()) {
        log("agent connection lost and checkpointing is off: killing tasks and exiting");
        killAllAndWait(Duration.ofSeconds(5));
        return 1;
      }
      long now = System.nanoTime();
      disconnectedSince = disconnectedSince < 0 ? now : disconnectedSince;
      if (now - disconnectedSince > env.recoveryTimeout().toNanos()) {
        log("could not re-subscribe within MESOS_RECOVERY_TIMEOUT: killing tasks and exiting");
        killAllAndWait(Duration.ofSeconds(5));
        return 1;
      }
      backoff = pause(backoff);
    }
    return 0;
  }

  private Duration pause(Duration backoff) {
    long max = env.subscriptionBackoffMax().toNanos();
    long wait = Math.min(max, ThreadLocalRandom.current().nextLong(1, Math.max(2, backoff.toNanos())));
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Duration.ofNanos(Math.min(max, backoff.toNanos() * 2));
  }

  private static Node event(byte[] record) throws IOException {
    try {
      return Json.parse(record);
    } catch (Json.SyntaxException e) {
      throw new IOException("agent sent malformed JSON: " + e.getMessage(), e);
    }
  }

  private void handle(Node event) {
    String type = text(event, "type");
    switch (type) {
      case "SUBSCRIBED" -> log("subscribed to agent " + text(event, "subscribed", "agent_info", "hostname"));
      case "LAUNCH" -> launch(event.at("launch", "task"));
      case "LAUNCH_GROUP" -> {
        Node tasks = event.at("launch_group", "task_group", "tasks");
        (tasks == null ? List.<Node>of() : tasks.elements()).forEach(this::launch);
      }
      case "KILL" -> kill(text(event, "kill", "task_id", "value"), event.at("kill", "kill_policy"));
      case "ACKNOWLEDGED" -> acknowledged(text(event, "acknowledged", "task_id", "value"),
          text(event, "acknowledged", "uuid"));
      case "MESSAGE" -> log("framework message: " + new String(
          Base64.getDecoder().decode(text(event, "message", "data")), StandardCharsets.UTF_8));
      case "SHUTDOWN" -> shutdown();
      case "ERROR" -> {
        log("agent error: " + text(event, "error", "message") + "; re-subscribing");
        agent.closeStream();
      }
      case "HEARTBEAT" -> { }
      default -> log("ignoring event " + type);
    }
  }

  /** The string at {@code path}, or "" (Mesos JSON leaves out empty fields). */
  private static String text(Node node, String... path) {
    Node value = node == null ? null : node.at(path);
    return value == null ? "" : value.text("");
  }

  private void launch(Node taskInfo) {
    String taskId = text(taskInfo, "task_id", "value");
    Launched launched;
    synchronized (this) {
      if (taskId.isEmpty() || tasks.containsKey(taskId)) {
        log("ignoring LAUNCH of " + (taskId.isEmpty() ? "a task without id" : "known task " + taskId));
        return;
      }
      launched = new Launched(taskId, taskInfo);
      tasks.put(taskId, launched);
    }
    update(taskId, "TASK_STARTING", null, "Initializing sandbox.");
    BoundTask assigned;
    try {
      String data = new String(Base64.getDecoder().decode(text(taskInfo, "data")), StandardCharsets.UTF_8);
      assigned = TaskReader.readAssignedTask(data, "TaskInfo.data of " + taskId);
    } catch (InvalidTaskException | IllegalArgumentException e) {
      ended(launched, new TaskOutcome(TaskState.FAILED, TaskOutcome.Cause.INVALID_TASK, e.getMessage()));
      return;
    }
    Path sandbox = env.sandbox().resolve(tasks.size() == 1 ? "sandbox" : "sandbox-" + taskId);
    TaskSupervisor supervisor = new TaskSupervisor(assigned, sandbox, settings, new StatusReporter(launched));
    synchronized (this) {
      launched.supervisor = supervisor;
    }
    supervisor.start();
  }

  private void kill(String taskId, Node killPolicy) {
    Launched launched;
    synchronized (this) {
      launched = tasks.get(taskId);
    }
    if (launched == null || launched.supervisor == null) {
      log("KILL for unknown or finished task " + taskId);
      return;
    }
    // The KILL's own policy wins over the one in the TaskInfo; without either, the executor's kill budget applies.
    Node grace = killPolicy != null ? killPolicy.at("grace_period", "nanoseconds") : null;
    if (grace == null) {
      grace = launched.taskInfo.at("kill_policy", "grace_period", "nanoseconds");
    }
    long graceNanos = nanos(grace);
    launched.supervisor.kill(graceNanos >= 0 ? Duration.ofNanos(graceNanos) : settings.killWait());
  }

  /** Kills everything within the agent's shutdown grace period, reports, and exits. */
  private void shutdown() {
    Duration grace = env.shutdownGracePeriod();
    Duration budget = grace.multipliedBy(4).dividedBy(5);
    budget = budget.compareTo(settings.killWait()) < 0 ? budget : settings.killWait();
    killAllAndWait(budget);
    exiting = true;
    agent.closeStream();
  }

  private void killAllAndWait(Duration budget) {
    List<TaskSupervisor> supervisors = new ArrayList<>();
    synchronized (this) {
      tasks.values().stream().filter(t -> t.supervisor != null && !t.ended).forEach(t -> supervisors.add(t.supervisor));
    }
    supervisors.forEach(s -> s.killNow(budget));
    for (TaskSupervisor s : supervisors) {
      try {
        s.awaitEnd(budget.plusSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void acknowledged(String taskId, String uuid) {
    synchronized (this) {
      unacknowledged.remove(uuid);
      Launched launched = tasks.get(taskId);
      if (launched != null) {
        launched.acknowledged = true;
      }
    }
    maybeExit();
  }

  /** One task per executor, as Aurora ran them: once every task ended and was acknowledged, the executor is done. */
  private void maybeExit() {
    boolean done;
    synchronized (this) {
      boolean allEnded = !tasks.isEmpty() && tasks.values().stream().allMatch(t -> t.ended);
      if (allEnded && !ackWaitStarted) {
        ackWaitStarted = true;
        Thread timer = new Thread(this::exitAfterAckWait, "ack-wait");
        timer.setDaemon(true);
        timer.start();
      }
      done = allEnded && unacknowledged.isEmpty();
    }
    if (done) {
      exiting = true;
      agent.closeStream();
    }
  }

  private void exitAfterAckWait() {
    try {
      Thread.sleep(settings.ackWait().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!exiting) {
      List<String> pending;
      synchronized (this) {
        pending = unacknowledged.values().stream().map(u -> String.valueOf(((Map<?, ?>) u.get("status")).get("state")))
            .toList();
      }
      log("updates not acknowledged within " + settings.ackWait().toSeconds() + "s: " + pending + "; exiting anyway");
      exiting = true;
      agent.closeStream();
    }
  }

  private void ended(Launched launched, TaskOutcome outcome) {
    update(launched.taskId, TaskStatusMapping.state(outcome), TaskStatusMapping.reason(outcome), outcome.message());
    synchronized (this) {
      launched.ended = true;
    }
    maybeExit();
  }

  /** Builds, remembers and sends one UPDATE; a failed send is repaired by the next SUBSCRIBE. */
  private void update(String taskId, String state, String reason, String message) {
    UUID uuid = UUID.randomUUID();
    String uuidBase64 = Base64.getEncoder().encodeToString(
        ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
            .array());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("task_id", Map.of("value", taskId));
    status.put("state", state);
    status.put("source", "SOURCE_EXECUTOR");
    status.put("uuid", uuidBase64);
    status.put("timestamp", System.currentTimeMillis() / 1000.0);
    status.put("executor_id", Map.of("value", env.executorId()));
    if (message != null) {
      status.put("message", message);
    }
    if (reason != null) {
      status.put("reason", reason);
    }
    Map<String, Object> update = Map.of("status", status);
    Map<String, Object> call = call("UPDATE");
    call.put("update", update);
    synchronized (this) {
      unacknowledged.put(uuidBase64, update);
      try {
        agent.send(call);
      } catch (IOException e) {
        log("UPDATE " + state + " for " + taskId + " not delivered (" + e.getMessage() + "); will resend");
      }
    }
  }

  private synchronized Map<String, Object> subscribeCall() {
    Map<String, Object> call = call("SUBSCRIBE");
    List<Object> unackedTasks = new ArrayList<>();
    tasks.values().stream().filter(t -> !t.acknowledged).forEach(t -> unackedTasks.add(t.taskInfo.plain()));
    call.put("subscribe", Map.of("unacknowledged_tasks", unackedTasks,
        "unacknowledged_updates", new ArrayList<>(unacknowledged.values())));
    return call;
  }

  private Map<String, Object> call(String type) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("executor_id", Map.of("value", env.executorId()));
    call.put("framework_id", Map.of("value", env.frameworkId()));
    call.put("type", type);
    return call;
  }

  /** An int64 as Mesos JSON may give it: a number or a decimal string; -1 when absent. */
  private static long nanos(Node node) {
    if (node == null) {
      return -1;
    }
    if (node.value() instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(node.text("-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void log(String message) {
    System.err.println("aurora-executor: " + message);
  }

  /** Turns a supervised task's reports into status updates. */
  private final class StatusReporter implements TaskObserver {
    private final Launched launched;
    private final TransitionPrinter printer;

    StatusReporter(Launched launched) {
      this.launched = launched;
      this.printer = new TransitionPrinter(System.out, launched.taskId);
    }

    @Override
    public void processTransition(ProcessTransition t) {
      printer.processTransition(t); // the executor's stdout in the Mesos sandbox, like Thermos' runner log
    }

    @Override
    public void runnerTransition(TaskState state) {
      printer.runnerTransition(state);
    }

    @Override
    public void taskRunning(String message) {
      printer.taskRunning(message);
      update(launched.taskId, "TASK_RUNNING", null, message);
    }

    @Override
    public void taskEnded(TaskOutcome outcome) {
      printer.taskEnded(outcome);
      ended(launched, outcome);
    }
  }
}
