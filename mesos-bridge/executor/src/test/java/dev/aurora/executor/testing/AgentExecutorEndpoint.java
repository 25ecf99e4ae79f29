package dev.aurora.executor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aurora.executor.mesos.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The executor-facing half of a Mesos agent, in-process, for tests: it serves {@code POST /api/v1/executor} on
 * 127.0.0.1 with JSON bodies as MESOS.md A.1, A.2, A.6 and A.10 describe, starts the real executor as a child
 * process with the agent's MESOS_* environment, and lets a test (or a simulated agent in the framework module) drive
 * it and watch its status updates.
 *
 * <p>Typical use:
 * <pre>{@code
 * try (AgentExecutorEndpoint agent = AgentExecutorEndpoint.start("agent-1", "framework-1")) {
 *   agent.launchExecutor("exec-1", sandboxDir, Map.of());          // the real executor, as a child process
 *   agent.launch("exec-1", AgentExecutorEndpoint.taskInfo("task-1", assignedTaskJson));
 *   agent.awaitUpdate("exec-1", "task-1", "TASK_FINISHED", Duration.ofSeconds(30));
 *   agent.awaitExit("exec-1", Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>What it enforces, as the agent does: POST only (405); {@code Content-Type} present (400) and exactly
 * {@code application/json} (415; this fake speaks JSON only); a body that parses (400); {@code executor_id} and
 * {@code framework_id} on every call, of a launched executor of this framework (400); SUBSCRIBE before anything but
 * HEARTBEAT (403); UPDATE with a 16-byte {@code uuid}, {@code source=SOURCE_EXECUTOR}, a state other than
 * TASK_STAGING and a matching {@code executor_id} (400). SUBSCRIBE answers 200 with a chunked RecordIO stream that
 * starts with SUBSCRIBED, then delivers the queued LAUNCH events; a new SUBSCRIBE closes the previous stream and its
 * {@code unacknowledged_updates} are re-injected. Updates are acknowledged at once (ACKNOWLEDGED event) unless
 * {@link #setAutoAcknowledge} turned that off. When the executor process exits, every task without a terminal update
 * gets TASK_FAILED from SOURCE_AGENT with REASON_EXECUTOR_TERMINATED. SHUTDOWN destroys the executor after the grace
 * period.
 */
public final class AgentExecutorEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/api/v1/executor";
  private static final List<String> TERMINAL = List.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
      "TASK_LOST", "TASK_DROPPED", "TASK_GONE");

  /** A status update as the agent received it (or generated it, for {@code source=SOURCE_AGENT}). */
  public record Update(String taskId, String state, String uuid, String source, String reason, String message,
      JsonNode status) {
    public boolean terminal() {
      return TERMINAL.contains(state);
    }
  }

  private final String agentId;
  private final String frameworkId;
  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, ExecutorState> executors = new LinkedHashMap<>();
  private volatile boolean autoAcknowledge = true;
  private volatile Duration shutdownGracePeriod = Duration.ofSeconds(5);
  private volatile boolean setuid;

  private static final class ExecutorState {
    final String executorId;
    final List<Update> updates = new ArrayList<>();
    final List<JsonNode> subscribeCalls = new ArrayList<>();
    final List<ObjectNode> pending = new ArrayList<>();
    Subscription stream;
    Process process;
    Path sandbox;
    boolean terminated;
    /** Uuids of updates the (simulated) scheduler acknowledged. */
    final java.util.Set<String> acknowledged = new java.util.HashSet<>();

    ExecutorState(String executorId) {
      this.executorId = executorId;
    }
  }

  /** One SUBSCRIBE connection: events queued here are written as RecordIO records until it is closed. */
  private static final class Subscription {
    final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();

    /** Ends the stream after the events already queued. */
    void close() {
      outbound.add(new byte[0]);
    }
  }

  private AgentExecutorEndpoint(String agentId, String frameworkId) throws IOException {
    this.agentId = agentId;
    this.frameworkId = frameworkId;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "agent-" + agentId);
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext(PATH, this::serve);
    server.start();
  }

  /** Starts serving on an ephemeral port of 127.0.0.1. */
  public static AgentExecutorEndpoint start(String agentId, String frameworkId) throws IOException {
    return new AgentExecutorEndpoint(agentId, frameworkId);
  }

  /** {@code ip:port}, the value of {@code MESOS_AGENT_ENDPOINT}. */
  public String endpoint() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** When true (the default) every update is acknowledged as soon as it arrives, as a prompt scheduler would. */
  public void setAutoAcknowledge(boolean on) {
    autoAcknowledge = on;
  }

  /**
   * Whether executors launched from now on run processes as the role's user (the executor's default when root).
   * Off by default: tests run as whoever runs them, usually root, on machines without their roles' users, so the
   * endpoint adds {@code --nosetuid} unless a test asks for setuid.
   */
  public void setSetuid(boolean on) {
    setuid = on;
  }

  /** {@code MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD} for executors launched from now on (default 5 s). */
  public void setShutdownGracePeriod(Duration grace) {
    shutdownGracePeriod = grace;
  }

  /**
   * Makes the agent accept calls from {@code executorId} without starting a process, for a client started some
   * other way (a test speaking the protocol itself). {@link #launchExecutor} registers implicitly.
   */
  public synchronized void register(String executorId) {
    executors.computeIfAbsent(executorId, ExecutorState::new);
  }

  /**
   * Starts the real executor ({@code dev.aurora.executor.Main executor}) in {@code sandbox} with the agent's
   * environment; {@code env} adds or overrides variables (e.g. {@code MESOS_CHECKPOINT=1}). The executor runs
   * from the system property {@code aurora.executor.jar} if set, else from this JVM's class path. Its stdout and
   * stderr go to {@code sandbox/stdout} and {@code sandbox/stderr}, as under Mesos.
   */
  public Process launchExecutor(String executorId, Path sandbox, Map<String, String> env, String... executorArgs)
      throws IOException {
    Files.createDirectories(sandbox);
    List<String> command = new ArrayList<>(ExecutorCommand.javaCommand());
    command.add("executor");
    command.addAll(List.of(executorArgs));
    if (!setuid) {
      command.add("--nosetuid");
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(sandbox.toFile())
        .redirectOutput(sandbox.resolve("stdout").toFile()).redirectError(sandbox.resolve("stderr").toFile());
    Map<String, String> environment = builder.environment();
    environment.put("MESOS_FRAMEWORK_ID", frameworkId);
    environment.put("MESOS_EXECUTOR_ID", executorId);
    environment.put("MESOS_AGENT_ENDPOINT", endpoint());
    environment.put("MESOS_SLAVE_ID", agentId);
    environment.put("MESOS_SLAVE_PID", "slave(1)@" + endpoint());
    environment.put("MESOS_DIRECTORY", sandbox.toString());
    environment.put("MESOS_SANDBOX", sandbox.toString());
    environment.put("MESOS_CHECKPOINT", "0");
    environment.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    environment.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", shutdownGracePeriod.toMillis() + "ms");
    environment.putAll(env);
    if ("1".equals(environment.get("MESOS_CHECKPOINT"))) {
      environment.putIfAbsent("MESOS_RECOVERY_TIMEOUT", "15mins");
      environment.putIfAbsent("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    }
    ExecutorState state;
    synchronized (this) {
      state = executors.computeIfAbsent(executorId, ExecutorState::new);
    }
    Process process = builder.start();
    synchronized (this) {
      state.process = process;
      state.sandbox = sandbox;
    }
    process.onExit().thenRun(() -> executorTerminated(state));
    return process;
  }

  /** Builds a TaskInfo for the executor: {@code data} is the assigned-task JSON, base64 as Mesos JSON has it. */
  public static ObjectNode taskInfo(String taskId, String assignedTaskJson) {
    ObjectNode task = JSON.createObjectNode();
    task.put("name", taskId);
    task.putObject("task_id").put("value", taskId);
    task.putObject("agent_id").put("value", "agent");
    task.put("data", Base64.getEncoder().encodeToString(assignedTaskJson.getBytes(StandardCharsets.UTF_8)));
    return task;
  }

  /** Queues a LAUNCH; it is delivered now if the executor is subscribed, else right after its SUBSCRIBED. */
  public void launch(String executorId, ObjectNode taskInfo) {
    ObjectNode event = event("LAUNCH");
    event.putObject("launch").set("task", taskInfo);
    synchronized (this) {
      ExecutorState state = executors.computeIfAbsent(executorId, ExecutorState::new);
      if (state.stream == null) {
        state.pending.add(event);
        return;
      }
    }
    send(executorId, event);
  }

  /** KILL, with a kill policy grace period when {@code grace} is not null. */
  public void kill(String executorId, String taskId, Duration grace) {
    ObjectNode event = event("KILL");
    ObjectNode kill = event.putObject("kill");
    kill.putObject("task_id").put("value", taskId);
    if (grace != null) {
      kill.putObject("kill_policy").putObject("grace_period").put("nanoseconds", grace.toNanos());
    }
    send(executorId, event);
  }

  /** SHUTDOWN; after the grace period the agent destroys the executor if it is still there. */
  public void shutdown(String executorId) {
    send(executorId, event("SHUTDOWN"));
    Process process;
    synchronized (this) {
      process = executors.get(executorId).process;
    }
    if (process != null) {
      threads.submit(() -> {
        if (!process.waitFor(shutdownGracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
        return null;
      });
    }
  }

  public void message(String executorId, byte[] data) {
    ObjectNode event = event("MESSAGE");
    event.putObject("message").put("data", Base64.getEncoder().encodeToString(data));
    send(executorId, event);
  }

  public void error(String executorId, String message) {
    ObjectNode event = event("ERROR");
    event.putObject("error").put("message", message);
    send(executorId, event);
  }

  /** ACKNOWLEDGED for one update, as the agent sends it once the scheduler acknowledged. */
  public void acknowledge(String executorId, Update update) {
    synchronized (this) {
      executors.get(executorId).acknowledged.add(update.uuid());
    }
    send(executorId, acknowledgedEvent(update.taskId(), update.uuid()));
  }

  private static ObjectNode acknowledgedEvent(String taskId, String uuid) {
    ObjectNode event = event("ACKNOWLEDGED");
    ObjectNode ack = event.putObject("acknowledged");
    ack.putObject("task_id").put("value", taskId);
    ack.put("uuid", uuid);
    return event;
  }

  /** Ends the executor's event stream, as an agent restart or a network failure would. */
  public void disconnect(String executorId) {
    synchronized (this) {
      ExecutorState state = executors.get(executorId);
      if (state != null && state.stream != null) {
        state.stream.close();
        state.stream = null;
      }
    }
  }

  public synchronized List<Update> updates(String executorId) {
    ExecutorState state = executors.get(executorId);
    return state == null ? List.of() : List.copyOf(state.updates);
  }

  /** Every SUBSCRIBE call body received from the executor, in order. */
  public synchronized List<JsonNode> subscribeCalls(String executorId) {
    ExecutorState state = executors.get(executorId);
    return state == null ? List.of() : List.copyOf(state.subscribeCalls);
  }

  /** Waits for an update of {@code taskId} in {@code state}. */
  public Update awaitUpdate(String executorId, String taskId, String state, Duration timeout)
      throws InterruptedException {
    return awaitUpdate(executorId, u -> u.taskId().equals(taskId) && u.state().equals(state),
        taskId + " " + state, timeout);
  }

  public synchronized Update awaitUpdate(String executorId, Predicate<Update> match, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Update u : updates(executorId)) {
        if (match.test(u)) {
          return u;
        }
      }
      long left = deadline - System.nanoTime();
      ExecutorState state = executors.get(executorId);
      boolean gone = state != null && state.terminated;
      if (left <= 0 || gone) {
        throw new AssertionError("no update " + what + (gone ? " and the executor exited" : " within " + timeout)
            + "; got " + updates(executorId) + executorLog(executorId));
      }
      wait(Math.max(1, Math.min(100, left / 1_000_000)));
    }
  }

  /** Waits until the executor has sent {@code count} SUBSCRIBE calls. */
  public synchronized JsonNode awaitSubscribe(String executorId, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (subscribeCalls(executorId).size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("executor " + executorId + " did not subscribe " + count + " times");
      }
      wait(Math.max(1, Math.min(100, left / 1_000_000)));
    }
    return subscribeCalls(executorId).get(count - 1);
  }

  /** The tail of the executor's stderr, for failure messages. */
  private synchronized String executorLog(String executorId) {
    ExecutorState state = executors.get(executorId);
    if (state == null || state.sandbox == null) {
      return "";
    }
    try {
      String log = Files.readString(state.sandbox.resolve("stderr"));
      return "\nexecutor stderr:\n" + log.substring(Math.max(0, log.length() - 4000));
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits for the executor process to exit and returns its status. */
  public int awaitExit(String executorId, Duration timeout) throws InterruptedException {
    Process process;
    synchronized (this) {
      process = executors.get(executorId).process;
    }
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("executor " + executorId + " still running after " + timeout
          + executorLog(executorId));
    }
    return process.exitValue();
  }

  /** Stops serving and destroys any executor still running. */
  @Override
  public void close() {
    List<Process> processes = new ArrayList<>();
    synchronized (this) {
      for (ExecutorState state : executors.values()) {
        if (state.stream != null) {
          state.stream.close();
        }
        if (state.process != null) {
          processes.add(state.process);
        }
      }
    }
    for (Process p : processes) {
      p.destroyForcibly();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- the HTTP side -------------------------------------------------------------------------------------------

  private void serve(HttpExchange exchange) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null) {
        reply(exchange, 400, "Expecting 'Content-Type' to be present");
        return;
      }
      if (!contentType.equals("application/json")) {
        reply(exchange, 415, "Unsupported Media Type: '" + contentType + "'");
        return;
      }
      JsonNode call;
      try {
        call = JSON.readTree(exchange.getRequestBody().readAllBytes());
      } catch (IOException e) {
        reply(exchange, 400, "Failed to parse body into Call: " + e.getMessage());
        return;
      }
      handle(exchange, call);
    } catch (RuntimeException e) {
      reply(exchange, 500, e.toString());
    }
  }

  private void handle(HttpExchange exchange, JsonNode call) throws IOException {
    String type = call.path("type").asText("UNKNOWN");
    if (type.equals("HEARTBEAT")) {
      reply(exchange, 202, "");
      return;
    }
    String executorId = call.at("/executor_id/value").asText("");
    String callFramework = call.at("/framework_id/value").asText("");
    if (executorId.isEmpty() || callFramework.isEmpty()) {
      reply(exchange, 400, "Failed to validate executor::Call: executor_id and framework_id are required");
      return;
    }
    if (!callFramework.equals(frameworkId)) {
      reply(exchange, 400, "Framework cannot be found");
      return;
    }
    ExecutorState state;
    synchronized (this) {
      state = executors.get(executorId);
    }
    if (state == null) {
      reply(exchange, 400, "Executor cannot be found");
      return;
    }
    switch (type) {
      case "SUBSCRIBE" -> subscribe(exchange, state, call);
      case "UPDATE" -> update(exchange, state, call);
      case "MESSAGE" -> reply(exchange, subscribed(state) ? 202 : 403, subscribed(state) ? ""
          : "Executor is not subscribed");
      default -> reply(exchange, 400, "Failed to validate executor::Call: unknown type " + type);
    }
  }

  private synchronized boolean subscribed(ExecutorState state) {
    return state.stream != null;
  }

  private void subscribe(HttpExchange exchange, ExecutorState state, JsonNode call) throws IOException {
    if (!call.has("subscribe")) {
      reply(exchange, 400, "Failed to validate executor::Call: Expecting 'subscribe' to be present");
      return;
    }
    Subscription subscription = new Subscription();
    List<ObjectNode> queued;
    synchronized (this) {
      if (state.stream != null) {
        state.stream.close(); // a new subscription replaces the old connection
      }
      state.stream = subscription;
      state.subscribeCalls.add(call);
      queued = new ArrayList<>(state.pending);
      state.pending.clear();
      // Re-injected updates: forwarded again, and acknowledged again once the scheduler has (or now does).
      for (JsonNode update : call.at("/subscribe/unacknowledged_updates")) {
        JsonNode status = update.path("status");
        Update known = record(state, status);
        String uuid = status.path("uuid").asText();
        if (state.acknowledged.contains(uuid) || (autoAcknowledge && known != null)) {
          state.acknowledged.add(uuid);
          queued.add(acknowledgedEvent(status.at("/task_id/value").asText(), uuid));
        }
      }
      notifyAll();
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    ObjectNode subscribed = event("SUBSCRIBED");
    ObjectNode body = subscribed.putObject("subscribed");
    body.putObject("executor_info").putObject("executor_id").put("value", state.executorId);
    body.putObject("framework_info").put("user", System.getProperty("user.name")).put("name", "test")
        .putObject("id").put("value", frameworkId);
    ObjectNode agentInfo = body.putObject("agent_info").put("hostname", "localhost").put("port", 5051);
    agentInfo.putObject("id").put("value", agentId);
    body.putObject("container_id").put("value", "container-" + state.executorId);
    subscription.outbound.add(frame(subscribed));
    queued.forEach(e -> subscription.outbound.add(frame(e)));
    try (OutputStream out = exchange.getResponseBody()) {
      while (true) {
        byte[] record = subscription.outbound.take();
        if (record.length == 0) {
          break; // everything queued before the close was written
        }
        out.write(record);
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the executor went away
    } finally {
      synchronized (this) {
        if (state.stream == subscription) {
          state.stream = null;
        }
      }
      exchange.close();
    }
  }

  private void update(HttpExchange exchange, ExecutorState state, JsonNode call) throws IOException {
    if (!subscribed(state)) {
      reply(exchange, 403, "Executor is not subscribed");
      return;
    }
    JsonNode status = call.at("/update/status");
    String problem = validateStatus(status, state.executorId);
    if (problem != null) {
      reply(exchange, 400, "Failed to validate executor::Call: " + problem);
      return;
    }
    Update update;
    synchronized (this) {
      update = record(state, status);
    }
    reply(exchange, 202, "");
    if (autoAcknowledge && update != null) {
      acknowledge(state.executorId, update);
    }
  }

  private static String validateStatus(JsonNode status, String executorId) {
    if (status.isMissingNode() || status.at("/task_id/value").asText("").isEmpty()) {
      return "Expecting 'update.status.task_id' to be present";
    }
    byte[] uuid;
    try {
      uuid = Base64.getDecoder().decode(status.path("uuid").asText(""));
    } catch (IllegalArgumentException e) {
      return "'uuid' is not base64";
    }
    if (uuid.length != 16) {
      return "'uuid' must be 16 bytes, got " + uuid.length;
    }
    if (!"SOURCE_EXECUTOR".equals(status.path("source").asText())) {
      return "Received Call from executor with invalid source '" + status.path("source").asText() + "'";
    }
    String state = status.path("state").asText("");
    if (state.isEmpty() || state.equals("TASK_STAGING")) {
      return "Received TASK_STAGING from executor (or no state)";
    }
    String sender = status.at("/executor_id/value").asText(executorId);
    if (!sender.equals(executorId)) {
      return "ExecutorID in Call: " + executorId + " does not match ExecutorID in TaskStatus: " + sender;
    }
    return null;
  }

  /** Adds an update unless one with the same uuid is already known (re-injection after re-subscribe). */
  private Update record(ExecutorState state, JsonNode status) {
    String uuid = status.path("uuid").asText(null);
    if (uuid != null && state.updates.stream().anyMatch(u -> uuid.equals(u.uuid()))) {
      return null;
    }
    Update update = new Update(status.at("/task_id/value").asText(), status.path("state").asText(), uuid,
        status.path("source").asText(), status.path("reason").asText(null), status.path("message").asText(null),
        status);
    state.updates.add(update);
    notifyAll();
    return update;
  }

  /** What the agent does when an executor process exits: fail the tasks it left without a terminal update. */
  private void executorTerminated(ExecutorState state) {
    synchronized (this) {
      List<String> open = new ArrayList<>();
      for (Update u : state.updates) {
        open.remove(u.taskId());
        if (!u.terminal()) {
          open.add(u.taskId());
        }
      }
      for (String taskId : open.stream().distinct().toList()) {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("task_id").put("value", taskId);
        status.put("state", "TASK_FAILED").put("source", "SOURCE_AGENT").put("reason", "REASON_EXECUTOR_TERMINATED")
            .put("message", "Executor terminated");
        record(state, status);
      }
      if (state.stream != null) {
        state.stream.close();
        state.stream = null;
      }
      state.terminated = true;
      notifyAll();
    }
  }

  private void send(String executorId, ObjectNode event) {
    synchronized (this) {
      ExecutorState state = executors.get(executorId);
      if (state == null) {
        throw new IllegalArgumentException("unknown executor " + executorId);
      }
      if (state.stream == null) {
        state.pending.add(event);
        return;
      }
      state.stream.outbound.add(frame(event));
    }
  }

  private static ObjectNode event(String type) {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", type);
    return event;
  }

  private static byte[] frame(JsonNode event) {
    try {
      return RecordIo.frame(JSON.writeValueAsBytes(event));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }
}
