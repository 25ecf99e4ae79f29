package dev.aurora.operator.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local backend with the real executor as child JVMs running real bash processes. */
class LocalBackendTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path root;

  private final List<TaskStatusEvent> events = new CopyOnWriteArrayList<>();
  private final List<LocalBackend> backends = new ArrayList<>();
  private final List<String> markers = new ArrayList<>();
  private LocalBackend backend;

  @BeforeEach
  void start() {
    backend = newBackend();
  }

  @AfterEach
  void stop() throws IOException {
    backends.forEach(LocalBackend::close);
    // Never leave a test's processes behind, even when an assertion failed half way.
    for (String marker : markers) {
      processesWith(marker).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void helloWorldRunsToFinishedWithItsOutputInTheSandbox() throws IOException {
    LaunchRequest request = request("hello", "echo hello world");
    backend.launch(request);

    await(request.taskId(), TaskState.FINISHED);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING,
        TaskState.FINISHED), statesOf(request.taskId()));
    TaskStatusEvent assigned = event(request.taskId(), TaskState.ASSIGNED);
    assertEquals(LocalBackendSettings.localHostname(), assigned.host());
    Path log = root.resolve(request.taskId()).resolve("sandbox/.logs/hello/0/stdout");
    assertEquals("hello world\n", Files.readString(log));
    assertTrue(Files.isRegularFile(root.resolve(request.taskId()).resolve("task.json")));
  }

  @Test
  void aFailingProcessFailsTheTask() throws IOException {
    LaunchRequest request = request("broken", "echo about to fail; exit 3");
    backend.launch(request);

    TaskStatusEvent failed = await(request.taskId(), TaskState.FAILED);
    assertTrue(statesOf(request.taskId()).stream().noneMatch(s -> s == TaskState.FINISHED));
    assertTrue(failed.message().contains("failed process"), "message says why: " + failed.message());
    assertEquals(1, Files.readString(root.resolve(request.taskId()).resolve("sandbox/.logs/broken/0/stdout"))
        .lines().filter("about to fail"::equals).count());
  }

  @Test
  void killingARunningTaskReportsKillingThenKilledAndLeavesNoProcess() throws IOException {
    String marker = marker();
    LaunchRequest request = request("sleeper", sleepCommand(marker));
    backend.launch(request);
    await(request.taskId(), TaskState.RUNNING);
    awaitTrue(() -> !processesWith(marker).isEmpty(), "the sleeper process to appear");

    backend.kill(request.taskId());

    await(request.taskId(), TaskState.KILLED);
    List<TaskState> states = statesOf(request.taskId());
    assertEquals(List.of(TaskState.KILLING, TaskState.KILLED), states.subList(states.size() - 2, states.size()));
    awaitTrue(() -> processesWith(marker).isEmpty(), "no process with " + marker + " left");
  }

  @Test
  void anExecutorThatOverrunsTheKillBudgetIsKilledHardWithEverythingItStarted() {
    LocalBackend impatient = newBackend(Duration.ofSeconds(1));
    String marker = marker();
    // The sleep inherits the ignored SIGTERM, so the executor's graceful kill cannot end it within its 60 s wait.
    LaunchRequest request = request("stubborn", "trap '' TERM; " + sleepCommand(marker));
    impatient.launch(request);
    await(request.taskId(), TaskState.RUNNING);
    awaitTrue(() -> !processesWith(marker).isEmpty(), "the stubborn process to appear");

    impatient.kill(request.taskId());

    TaskStatusEvent killed = await(request.taskId(), TaskState.KILLED);
    assertTrue(killed.message().contains("after a kill"), "decided by the exit status: " + killed.message());
    awaitTrue(() -> processesWith(marker).isEmpty(), "no process with " + marker + " left");
  }

  @Test
  void anExecutorThatRefusesTheTaskFailsItByItsExitStatus() {
    LaunchRequest request = request("nocmd", "unused");
    ((ObjectNode) request.jobJson().path("task").path("processes").get(0)).remove("cmdline");
    backend.launch(request);

    TaskStatusEvent failed = await(request.taskId(), TaskState.FAILED);
    assertTrue(failed.message().contains("exit 2"), failed.message());
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.FAILED),
        statesOf(request.taskId()));
  }

  @Test
  void aTaskUsingAThermosPortGetsARealLocalPortBound() throws IOException {
    LaunchRequest request = request("web", "echo port={{thermos.ports[http]}}");
    assertEquals(List.of("http"), request.resources().portNames());
    backend.launch(request);

    await(request.taskId(), TaskState.FINISHED);
    Integer port = event(request.taskId(), TaskState.ASSIGNED).ports().get("http");
    assertNotNull(port, "ASSIGNED carries the http port");
    assertTrue(port > 0 && port < 65536, "port " + port);
    Path log = root.resolve(request.taskId()).resolve("sandbox/.logs/web/0/stdout");
    assertEquals("port=" + port + "\n", Files.readString(log));
  }

  @Test
  void reconcilingAnUnknownTaskReportsItLost() {
    backend.reconcile(List.of("nobody-knows-me"));

    TaskStatusEvent lost = await("nobody-knows-me", TaskState.LOST);
    assertTrue(lost.message().contains("unknown"), lost.message());
  }

  @Test
  void killingAnUnknownTaskReportsItKilledAtOnce() {
    backend.kill("never-launched");

    await("never-launched", TaskState.KILLED);
    assertEquals(List.of(TaskState.KILLED), statesOf("never-launched"));
  }

  @Test
  void launchingTheSameTaskIdTwiceRunsItOnce() throws IOException {
    LaunchRequest request = request("once", "echo ran");
    backend.launch(request);
    backend.launch(request);

    await(request.taskId(), TaskState.FINISHED);
    // A later event for another task proves the second launch was handled (calls are handled in order).
    backend.kill("after-the-duplicate");
    await("after-the-duplicate", TaskState.KILLED);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING,
        TaskState.FINISHED), statesOf(request.taskId()));
    Path logs = root.resolve(request.taskId()).resolve("sandbox/.logs/once");
    try (Stream<Path> runs = Files.list(logs)) {
      assertEquals(List.of("0"), runs.map(p -> p.getFileName().toString()).toList());
    }
    assertEquals("ran\n", Files.readString(logs.resolve("0/stdout")));
  }

  @Test
  void aNewBackendAdoptsRunningTasksAndCanKillThem() throws IOException {
    String marker = marker();
    LaunchRequest request = request("survivor", sleepCommand(marker));
    backend.launch(request);
    await(request.taskId(), TaskState.RUNNING);
    awaitTrue(() -> !processesWith(marker).isEmpty(), "the survivor process to appear");

    backend.close();
    assertTrue(!processesWith(marker).isEmpty(), "closing the backend leaves the task running");
    events.clear();
    LocalBackend successor = newBackend();

    successor.reconcile(List.of(request.taskId()));
    TaskStatusEvent running = await(request.taskId(), TaskState.RUNNING);
    assertEquals(LocalBackendSettings.localHostname(), running.host());

    successor.kill(request.taskId());
    await(request.taskId(), TaskState.KILLED);
    awaitTrue(() -> processesWith(marker).isEmpty(), "no process with " + marker + " left");
    assertEquals("KILLED", Files.readString(root.resolve(request.taskId()).resolve("state")).trim());
  }

  @Test
  void anAdoptingBackendLearnsWhatHappenedWhileNobodyWatched() throws IOException {
    String marker = marker();
    LaunchRequest vanishes = request("doomed", sleepCommand(marker));
    LaunchRequest finishes = request("brief", "sleep 1.5; echo done");
    backend.launch(vanishes);
    backend.launch(finishes);
    await(vanishes.taskId(), TaskState.RUNNING);
    await(finishes.taskId(), TaskState.STARTING);
    backend.close();
    // While no backend runs: one executor dies without a word, the other task finishes on its own.
    ProcessHandle doomed = executorOf(vanishes).orElseThrow();
    doomed.descendants().forEach(ProcessHandle::destroyForcibly);
    doomed.destroyForcibly();
    Optional<ProcessHandle> brief = executorOf(finishes);
    awaitTrue(() -> !doomed.isAlive() && !brief.map(ProcessHandle::isAlive).orElse(false),
        "both executors to end");
    assertTrue(statesOf(finishes.taskId()).stream().noneMatch(TaskState::isTerminal), "nobody saw it end");
    events.clear();

    newBackend().reconcile(List.of());

    await(finishes.taskId(), TaskState.FINISHED);
    await(vanishes.taskId(), TaskState.LOST);
  }

  @Test
  void theOperatorsExecutorFlagsFollowRunTask() throws IOException {
    // The defaults (--nosetuid, no ensemble): the executor refuses to run a job it cannot announce.
    LaunchRequest unannounced = announcing(request("quiet", "sleep 600"));
    backend.launch(unannounced);
    TaskStatusEvent refused = await(unannounced.taskId(), TaskState.FAILED);
    assertTrue(refused.message().contains("--announcer-ensemble"), refused.message());

    // With the operator's announcer flags, the executor tries that ensemble (nothing listens there).
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    LocalBackendSettings flagged = new LocalBackendSettings(root, LocalBackendSettings.javaCommand(
        List.of("-cp", executorClassPath() + File.pathSeparator + zooKeeperClientPath(), "dev.aurora.executor.Main")),
        Duration.ofSeconds(20), LocalBackendSettings.localHostname(), Duration.ofMillis(20))
        .withExecutorFlags(List.of("--announcer-ensemble", "127.0.0.1:" + closedPort, "--nosetuid"));
    LocalBackend announcingBackend = new LocalBackend(flagged);
    announcingBackend.addListener(events::add);
    backends.add(announcingBackend);
    LaunchRequest announced = announcing(request("loud", "sleep 600"));
    announcingBackend.launch(announced);
    TaskStatusEvent timedOut = await(announced.taskId(), TaskState.FAILED);
    assertTrue(timedOut.message().contains("Creating Announcer Serverset timed out."), timedOut.message());
  }

  /** The request with {@code announce} and a half-second health-check warm-up (the announcer's connect budget). */
  private static LaunchRequest announcing(LaunchRequest request) {
    ObjectNode job = request.jobJson().deepCopy();
    job.putObject("announce").put("primary_port", "http");
    job.putObject("health_check_config").put("initial_interval_secs", 0.5).put("interval_secs", 0.5)
        .put("max_consecutive_failures", 0);
    return LaunchRequest.forInstance(job, 0);
  }

  /** What the executor's announcer loads: ZooKeeper's client, jute, SLF4J and Netty's SslContext. */
  private static String zooKeeperClientPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> Stream.of("zookeeper-", "slf4j-api", "slf4j-simple", "netty-handler")
            .anyMatch(Path.of(e).getFileName().toString()::startsWith))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private Optional<ProcessHandle> executorOf(LaunchRequest request) throws IOException {
    String pid = Files.readString(root.resolve(request.taskId()).resolve("executor.pid")).split(" ")[0];
    return ProcessHandle.of(Long.parseLong(pid));
  }

  private LocalBackend newBackend() {
    return newBackend(Duration.ofSeconds(20));
  }

  private LocalBackend newBackend(Duration killEscalation) {
    LocalBackendSettings settings = new LocalBackendSettings(root, LocalBackendSettings.javaCommand(
        List.of("-cp", executorClassPath(), "dev.aurora.executor.Main")), killEscalation,
        LocalBackendSettings.localHostname(), Duration.ofMillis(20));
    LocalBackend created = new LocalBackend(settings);
    created.addListener(events::add);
    backends.add(created);
    return created;
  }

  /** The executor's classes and its one dependency, from this JVM's class path (the reactor builds them first). */
  private static String executorClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("mesos-bridge" + File.separator + "executor") || e.contains("aurora-executor")
            || Path.of(e).getFileName().toString().startsWith("jackson-core"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private String marker() {
    String marker = "local-backend-test-" + UUID.randomUUID();
    markers.add(marker);
    return marker;
  }

  /** A long sleep whose process (a copy of sleep named after the marker) shows the marker in /proc. */
  private static String sleepCommand(String marker) {
    return "cp \"$(command -v sleep)\" ./" + marker + " && ./" + marker + " 600";
  }

  private static LaunchRequest request(String name, String cmdline) {
    ObjectNode job = JSON.createObjectNode();
    job.put("name", name).put("role", "www-data").put("environment", "test").put("cluster", "local");
    ObjectNode task = job.putObject("task");
    task.put("name", name).put("max_failures", 1).put("max_concurrency", 0).put("finalization_wait", 5);
    task.putArray("processes").addObject().put("name", name).put("cmdline", cmdline).put("max_failures", 1)
        .put("daemon", false).put("ephemeral", false).put("min_duration", 0).put("final", false);
    task.putArray("constraints");
    task.putObject("resources").put("cpu", 0.1).put("ram", 16 << 20).put("disk", 64 << 20).put("gpu", 0);
    job.putObject("lifecycle");
    return LaunchRequest.forInstance(job, 0);
  }

  private List<TaskState> statesOf(String taskId) {
    return events.stream().filter(e -> e.taskId().equals(taskId)).map(TaskStatusEvent::state).toList();
  }

  private TaskStatusEvent event(String taskId, TaskState state) {
    return events.stream().filter(e -> e.taskId().equals(taskId) && e.state() == state).findFirst()
        .orElseThrow(() -> new AssertionError("no " + state + " for " + taskId + "; saw " + statesOf(taskId)));
  }

  private TaskStatusEvent await(String taskId, TaskState state) {
    Instant end = Instant.now().plus(DEADLINE);
    Predicate<TaskStatusEvent> wanted = e -> e.taskId().equals(taskId) && e.state() == state;
    while (Instant.now().isBefore(end)) {
      for (TaskStatusEvent e : events) {
        if (wanted.test(e)) {
          return e;
        }
      }
      pause();
    }
    return fail("no " + state + " for " + taskId + " within " + DEADLINE + "; saw " + statesOf(taskId)
        + diagnostics(taskId));
  }

  private String diagnostics(String taskId) {
    Path dir = root.resolve(taskId);
    StringBuilder out = new StringBuilder();
    for (String file : List.of("executor.stdout", "executor.stderr")) {
      try {
        out.append("\n--- ").append(file).append(":\n").append(Files.readString(dir.resolve(file)));
      } catch (IOException e) {
        out.append("\n--- ").append(file).append(": ").append(e);
      }
    }
    return out.toString();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    Instant end = Instant.now().plus(DEADLINE);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return;
      }
      pause();
    }
    fail("timed out waiting for " + what);
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Live processes whose command line contains {@code marker}, read from /proc. */
  private static List<ProcessHandle> processesWith(String marker) {
    return ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(marker)).toList();
  }

  private static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // the process ended meanwhile
    }
  }
}
