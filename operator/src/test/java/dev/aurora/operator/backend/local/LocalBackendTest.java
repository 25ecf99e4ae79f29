package dev.aurora.operator.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.PortResolver;
import dev.aurora.backend.TaskIds;
import dev.aurora.backend.TaskResources;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import dev.aurora.executor.testing.ZooKeeperTestServer;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final TaskStatusEvent initialReportMark =
      new TaskStatusEvent("(initial report complete)", TaskState.INIT, "", null, Map.of(), Instant.EPOCH, null);
  private final AtomicInteger initialReports = new AtomicInteger();
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
    ObjectNode job = job("nocmd", "unused");
    ((ObjectNode) job.path("task").path("processes").get(0)).remove("cmdline");
    LaunchRequest request = request(job);
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

  /**
   * Aurora's e2e http_example: with {@code portmap={'alias': 'http'}} only http is allocated, the executor gives the
   * alias the http port, and the reports show the ports the backend assigned.
   */
  @Test
  void anAnnouncePortmapAliasGetsThePortOfItsTarget() throws Exception {
    ObjectNode job = job("web", "echo http={{thermos.ports[http]}} alias={{thermos.ports[alias]}}");
    job.putObject("announce").put("primary_port", "http").putObject("portmap").put("alias", "http");
    LaunchRequest request = request(job);
    assertEquals(List.of("http"), request.resources().portNames());
    // A job that announces needs an ensemble to announce in (the executor refuses it otherwise): a real one.
    ZooKeeperTestServer zk = ZooKeeperTestServer.start(root.resolve("zk"));
    try {
      LocalBackend announcing = newBackend(new LocalBackendSettings(root.resolve("tasks"), LocalBackendSettings.javaCommand(
          List.of("-cp", executorClassPath() + File.pathSeparator + zooKeeperClientPath(), "dev.aurora.executor.Main")),
          Duration.ofSeconds(20), LocalBackendSettings.localHostname(), Duration.ofMillis(20))
          .withExecutorFlags(List.of("--announcer-ensemble", zk.connectString(), "--nosetuid")), List.of());
      announcing.launch(request);
      await(request.taskId(), TaskState.FINISHED);
    } finally {
      zk.close();
    }
    Map<String, Integer> ports = event(request.taskId(), TaskState.ASSIGNED).ports();
    assertEquals(List.of("http"), List.copyOf(ports.keySet()));
    Path log = root.resolve("tasks").resolve(request.taskId()).resolve("sandbox/.logs/web/0/stdout");
    assertEquals("http=" + ports.get("http") + " alias=" + ports.get("http") + "\n", Files.readString(log));
    assertEquals(ports, event(request.taskId(), TaskState.FINISHED).ports());
  }

  @Test
  void reconciliationReportsFinishedTasksAgain() {
    LaunchRequest request = request("brief", "echo done");
    backend.launch(request);
    await(request.taskId(), TaskState.FINISHED);
    long before = statesOf(request.taskId()).stream().filter(s -> s == TaskState.FINISHED).count();

    backend.reconcile(List.of());

    awaitTrue(() -> statesOf(request.taskId()).stream().filter(s -> s == TaskState.FINISHED).count() == before + 1,
        "FINISHED reported again");
    assertTrue(events.stream().allMatch(e -> e.ackId() == null), "nothing to acknowledge: the state is on disk");
  }

  @Test
  void reconcilingAnUnknownTaskReportsItLost() {
    backend.reconcile(List.of("nobody-knows-me"));

    TaskStatusEvent lost = await("nobody-knows-me", TaskState.LOST);
    assertTrue(lost.message().contains("unknown"), lost.message());
  }

  @Test
  void aTaskInAContainerImageOrWithGpusFailsWithTheReasonInsteadOfRunningBare() {
    LaunchRequest plain = request("boxed", "echo ran");
    LaunchRequest docker = new LaunchRequest(plain.job(), 0, plain.taskId(), plain.resources(), plain.constraints(),
        plain.document(), new dev.aurora.backend.TaskConfig("preemptible", List.of(),
            dev.aurora.backend.Container.docker("python:3.11-slim", List.of())));
    backend.launch(docker);
    TaskStatusEvent failed = await(docker.taskId(), TaskState.FAILED);
    assertTrue(failed.message().contains("cannot run them in a container image"), failed.message());
    assertEquals(List.of(TaskState.PENDING, TaskState.FAILED), statesOf(docker.taskId()));

    LaunchRequest other = request("gpu", "echo ran");
    LaunchRequest gpu = new LaunchRequest(other.job(), 0, other.taskId(), new TaskResources(0.1, 16, 64, List.of(), 1),
        other.constraints(), other.document());
    backend.launch(gpu);
    assertTrue(await(gpu.taskId(), TaskState.FAILED).message().contains("GPUs"));
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
    LocalBackend successor = newBackend(List.of(request.taskId(), "never-launched"));

    awaitTrue(() -> initialReports.get() == 2, "the successor's initial report");
    int complete = events.indexOf(initialReportMark);
    List<String> before = events.subList(0, complete).stream().map(e -> e.taskId() + " " + e.state()).toList();
    assertEquals(List.of(request.taskId() + " RUNNING", "never-launched LOST"), before);
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

    newBackend();

    await(finishes.taskId(), TaskState.FINISHED);
    await(vanishes.taskId(), TaskState.LOST);
  }

  @Test
  void theOperatorsExecutorFlagsFollowRunTask() throws IOException {
    // The defaults (--nosetuid, no ensemble): the executor refuses to run a job it cannot announce.
    LaunchRequest unannounced = request(announcing(job("quiet", "sleep 600")));
    backend.launch(unannounced);
    TaskStatusEvent refused = await(unannounced.taskId(), TaskState.FAILED);
    assertTrue(refused.message().contains("--announcer-ensemble"), refused.message());

    // With the operator's announcer flags, the executor tries that ensemble (nothing listens there).
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    LocalBackendSettings flagged = new LocalBackendSettings(root.resolve("flagged"), LocalBackendSettings.javaCommand(
        List.of("-cp", executorClassPath() + File.pathSeparator + zooKeeperClientPath(), "dev.aurora.executor.Main")),
        Duration.ofSeconds(20), LocalBackendSettings.localHostname(), Duration.ofMillis(20))
        .withExecutorFlags(List.of("--announcer-ensemble", "127.0.0.1:" + closedPort, "--nosetuid"));
    LocalBackend announcingBackend = newBackend(flagged, List.of());
    LaunchRequest announced = request(announcing(job("loud", "sleep 600")));
    announcingBackend.launch(announced);
    TaskStatusEvent timedOut = await(announced.taskId(), TaskState.FAILED);
    assertTrue(timedOut.message().contains("Creating Announcer Serverset timed out."), timedOut.message());
  }

  /** The job with {@code announce} and a half-second health-check warm-up (the announcer's connect budget). */
  private static ObjectNode announcing(ObjectNode job) {
    job.putObject("announce").put("primary_port", "http");
    job.putObject("health_check_config").put("initial_interval_secs", 0.5).put("interval_secs", 0.5)
        .put("max_consecutive_failures", 0);
    return job;
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
    return newBackend(Duration.ofSeconds(20), List.of());
  }

  private LocalBackend newBackend(Duration killEscalation) {
    return newBackend(killEscalation, List.of());
  }

  private LocalBackend newBackend(List<String> knownTaskIds) {
    return newBackend(Duration.ofSeconds(20), knownTaskIds);
  }

  /** A started backend; the end of its initial report shows in {@link #events} as {@link #initialReportMark}. */
  private LocalBackend newBackend(Duration killEscalation, List<String> knownTaskIds) {
    return newBackend(new LocalBackendSettings(root, LocalBackendSettings.javaCommand(
        List.of("-cp", executorClassPath(), "dev.aurora.executor.Main")), killEscalation,
        LocalBackendSettings.localHostname(), Duration.ofMillis(20)), knownTaskIds);
  }

  private LocalBackend newBackend(LocalBackendSettings settings, List<String> knownTaskIds) {
    LocalBackend created = new LocalBackend(settings);
    created.start(knownTaskIds, new TaskStatusListener() {
      @Override
      public void onStatus(TaskStatusEvent event) {
        events.add(event);
      }

      @Override
      public void onInitialReportComplete() {
        events.add(initialReportMark);
        initialReports.incrementAndGet();
      }
    });
    backends.add(created);
    return created;
  }

  /** The executor's classes and its one dependency, from this JVM's class path (the reactor builds them first). */
  private static String executorClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("mesos-bridge" + File.separator + "executor") || e.contains("aurora-executor")
            || e.contains("backend-spi" + File.separator) || e.contains("aurora-backend-spi")
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
    return request(job(name, cmdline));
  }

  /** As the operator derives it from a JobSpec: resources in MB, Aurora's requested ports, default constraints. */
  private static LaunchRequest request(ObjectNode job) {
    JobKey key = new JobKey(job.path("role").asText(), job.path("environment").asText(), job.path("name").asText());
    Set<String> referenced = new LinkedHashSet<>();
    job.path("task").path("processes").forEach(p -> PortResolver.collectReferences(p.path("cmdline").asText(),
        referenced));
    Map<String, String> portmap = new LinkedHashMap<>();
    job.path("announce").path("portmap").properties().forEach(e -> portmap.put(e.getKey(), e.getValue().asText()));
    return new LaunchRequest(key, 0, TaskIds.newTaskId(key, 0),
        new TaskResources(0.1, 16, 64, PortResolver.requested(referenced, portmap)), PlacementConstraint.parse(Map.of()),
        job.toString());
  }

  private static ObjectNode job(String name, String cmdline) {
    ObjectNode job = JSON.createObjectNode();
    job.put("name", name).put("role", "www-data").put("environment", "test").put("cluster", "local");
    ObjectNode task = job.putObject("task");
    task.put("name", name).put("max_failures", 1).put("max_concurrency", 0).put("finalization_wait", 5);
    task.putArray("processes").addObject().put("name", name).put("cmdline", cmdline).put("max_failures", 1)
        .put("daemon", false).put("ephemeral", false).put("min_duration", 0).put("final", false);
    task.putArray("constraints");
    task.putObject("resources").put("cpu", 0.1).put("ram", 16 << 20).put("disk", 64 << 20).put("gpu", 0);
    job.putObject("lifecycle");
    return job;
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
