package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import dev.aurora.testing.SharedCorpus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's examples placed through the framework on the in-test master and run by the real executor (a child JVM
 * speaking the v1 executor API) with real bash processes; statuses come back through the backend listener.
 */
class EndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path sandboxes;
  private FakeMesosCluster cluster;
  private RealExecutors executors;
  private MesosFramework framework;
  private final RecordingListener events = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    executors = new RealExecutors(sandboxes);
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("agent-1"));
    cluster.addAgent(AgentSpec.of("agent-2"));
    startFramework(Frameworks.installedExecutor());
  }

  private void startFramework(ExecutorSettings executor) {
    if (framework != null) {
      framework.close();
    }
    framework = new MesosFramework(Frameworks.fast(executor).build(), new StaticMasterDetector(cluster.masterUrls()),
        new InMemoryFrameworkIdStore());
    framework.start(List.of(), events.acknowledging(framework));
  }

  @AfterEach
  void stop() {
    framework.close();
    cluster.close();
  }

  /** The {@code json} of an example's first job, as the dsl would produce it. */
  static ObjectNode example(String name) throws Exception {
    Path file = sharedExpected().resolve(name + ".json");
    return (ObjectNode) JSON.readTree(file.toFile()).get(0).get("json");
  }

  private Path sandboxOf(String taskId) {
    return executors.sandbox("aurora-" + taskId);
  }

  private static String processStdout(Path sandbox, String process) throws Exception {
    try (var dirs = Files.walk(sandbox)) {
      Path log = dirs.filter(p -> p.toString().endsWith("/.logs/" + process + "/0/stdout")).findFirst()
          .orElseThrow(() -> new AssertionError("no stdout of " + process + " under " + sandbox));
      return Files.readString(log);
    }
  }

  @Test
  void helloWorldRunsToFinishedWithItsOutputInTheSandbox() throws Exception {
    ObjectNode job = example("hello_world");
    job.put("environment", "devel"); // the example omits it; Aurora would refuse the job without one
    LaunchRequest request = Frameworks.request(job, 0);
    framework.launch(request);
    TaskStatusEvent finished = events.await(request.taskId(), TaskState.FINISHED, WAIT);
    assertEquals(List.of(TaskState.PENDING, TaskState.ASSIGNED, TaskState.STARTING, TaskState.RUNNING,
        TaskState.FINISHED), events.states(request.taskId()));
    assertTrue(finished.host().startsWith("agent-"), finished.host());
    assertEquals("hello world\n", processStdout(sandboxOf(request.taskId()), "hello_world"));
  }

  @Test
  void thermosProfileExampleSharesTheProfileBetweenProcesses() throws Exception {
    LaunchRequest request = Frameworks.request(example("thermos_profile"), 0);
    framework.launch(request);
    events.await(request.taskId(), TaskState.FINISHED, WAIT);
    assertEquals("hello\n", processStdout(sandboxOf(request.taskId()), "read"));
  }

  @Test
  void httpServiceServesOnItsAssignedPortUntilKilled() throws Exception {
    JsonNode job = example("http_service");
    LaunchRequest request = Frameworks.request(job, 0);
    framework.launch(request);
    TaskStatusEvent running = events.await(request.taskId(), TaskState.RUNNING, WAIT);
    int port = running.ports().get("http");
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + WAIT.toNanos();
    String body = null;
    while (body == null && System.nanoTime() < deadline) {
      try {
        body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    assertEquals("1.4.2/stable instance 0\n", body);
    framework.kill(request.taskId());
    events.await(request.taskId(), TaskState.KILLED, WAIT);
    // STARTING, RUNNING and KILLED came from the executor with a uuid and were acknowledged through the master.
    MesosFrameworkTest.eventually("updates acknowledged", () -> cluster.callCount(Call.Type.ACKNOWLEDGE) >= 3);
    MesosFrameworkTest.eventually("terminal update acknowledged, task gone from the master",
        () -> cluster.tasks(framework.frameworkId().orElseThrow()).isEmpty());
  }

  @Test
  void executorJarIsFetchedIntoTheSandboxFromItsUri(@TempDir Path files) throws Exception {
    Path jar = files.resolve("build-42.jar");
    Files.write(jar, new byte[] {'P', 'K', 3, 4});
    startFramework(ExecutorSettings.fetched(jar.toUri().toString()));
    ObjectNode job = example("hello_world");
    job.put("environment", "devel");
    LaunchRequest request = Frameworks.request(job, 0);
    framework.launch(request);
    events.await(request.taskId(), TaskState.FINISHED, WAIT);
    assertEquals(4, Files.size(sandboxOf(request.taskId()).resolve("aurora-executor.jar")));
  }

  @Test
  void unfetchableExecutorFailsTheTaskWithContainerLaunchFailed(@TempDir Path files) throws Exception {
    startFramework(ExecutorSettings.fetched(files.resolve("missing.jar").toUri().toString()));
    LaunchRequest request = Frameworks.request(example("thermos_profile"), 0);
    framework.launch(request);
    TaskStatusEvent failed = events.await(request.taskId(), TaskState.FAILED, WAIT);
    assertTrue(failed.message().contains("REASON_CONTAINER_LAUNCH_FAILED"), failed.message());
  }

  /**
   * The corpus's expected/ directory in ../shared (the build passes its location). A plain clone has none: the test
   * is then reported as not run, or fails where CI sets {@code AURORA_SHARED_REQUIRED=true}.
   */
  static Path sharedExpected() {
    return SharedCorpus.examples().resolve("expected");
  }
}
