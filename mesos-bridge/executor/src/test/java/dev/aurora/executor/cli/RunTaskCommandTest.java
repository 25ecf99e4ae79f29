package dev.aurora.executor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.executor.testing.ExecutorCommand;
import dev.aurora.executor.testing.ProcessTable;
import dev.aurora.executor.testing.TaskJson;
import dev.aurora.executor.testing.ZooKeeperTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run-task} on the tutorial's examples (src/test/resources/tasks) and its exit statuses. */
class RunTaskCommandTest {
  private static final Pattern PROCESS_LINE =
      Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\S+) (RUNNING|SUCCESS|FAILED|KILLED|LOST) pid=\\d+ run=\\d+.*");

  @TempDir Path dir;

  private record Result(int status, List<String> lines, String err) {}

  private static Path resource(String name) throws Exception {
    return Path.of(RunTaskCommandTest.class.getResource("/tasks/" + name).toURI());
  }

  /** Runs as the test's user: these tests are not about setuid (SetuidTest is), and their roles need not exist. */
  private Result runInProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.add("--nosetuid");
    int status = RunTaskCommand.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helloWorldRunsAndPrintsEachTransition() throws Exception {
    Path sandbox = dir.resolve("hello");
    Result r = runInProcess("--task", resource("hello_world.json").toString(), "--sandbox", sandbox.toString());
    assertEquals(0, r.status(), r.err());
    List<String> processLines = r.lines().stream().filter(l -> PROCESS_LINE.matcher(l).matches()).toList();
    assertEquals(2, processLines.size(), r.lines().toString());
    assertTrue(processLines.get(0).contains(" hello_world RUNNING pid="));
    assertTrue(processLines.get(1).contains(" hello_world SUCCESS pid=") && processLines.get(1).endsWith("rc=0"));
    assertTrue(r.lines().get(r.lines().size() - 1).contains(" SUCCESS "), r.lines().toString());
    assertEquals("hello world\n", Files.readString(sandbox.resolve(".logs/hello_world/0/stdout")));
  }

  @Test
  void thermosProfileHandsVariablesToTheNextProcess() throws Exception {
    Path sandbox = dir.resolve("profile");
    Result r = runInProcess("--task", resource("thermos_profile.json").toString(), "--sandbox", sandbox.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals("hello\n", Files.readString(sandbox.resolve(".logs/read/0/stdout")));
  }

  @Test
  void sequentialTaskRunsItsProcessesInOrder() throws Exception {
    Path sandbox = dir.resolve("seq");
    Result r = runInProcess("--task", resource("sequential_task.json").toString(), "--sandbox", sandbox.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals("staged\n", Files.readString(sandbox.resolve(".logs/app/0/stdout")));
    List<String> order = r.lines().stream().map(PROCESS_LINE::matcher).filter(m -> m.matches())
        .map(m -> m.group(1) + " " + m.group(2)).toList();
    assertEquals(List.of("stage RUNNING", "stage SUCCESS", "app RUNNING", "app SUCCESS"), order);
  }

  @Test
  void bareJobIsPlacedFromFlags() throws Exception {
    Path job = dir.resolve("job.json");
    Files.writeString(job, """
        {"name": "echo", "role": "www-data", "environment": "prod", "cluster": "c",
         "task": {"processes": [{"name": "say", "cmdline":
            "echo {{mesos.instance}} {{mesos.hostname}} {{thermos.ports[http]}} {{thermos.task_id}}"}]}}""");
    Path sandbox = dir.resolve("bare");
    Result r = runInProcess("--task", job.toString(), "--sandbox", sandbox.toString(), "--instance", "4",
        "--hostname", "host9", "--task-id", "tid-4", "--port", "http=31337");
    assertEquals(0, r.status(), r.err());
    assertEquals("4 host9 31337 tid-4\n", Files.readString(sandbox.resolve(".logs/say/0/stdout")));
  }

  /**
   * Aurora's e2e http_example: {@code echo_ports} prints {@code alias: {{thermos.ports[alias]}}} with
   * {@code portmap={'alias': 'http'}} and the echoed alias port is the http port, both for an assigned task (the
   * backend assigned http) and for a bare job (run-task allocates what Aurora's client would have requested).
   */
  @Test
  void anAliasedPortEchoesTheHttpPort() throws Exception {
    String job = """
        {"name": "http_example", "role": "www-data", "environment": "test", "cluster": "devcluster",
         "announce": {"primary_port": "http", "portmap": {"alias": "http"}},
         "task": {"name": "http_example", "processes": [{"name": "echo_ports",
           "cmdline": "echo \\"tcp port: {{thermos.ports[tcp]}}; http port: {{thermos.ports[http]}}; alias: {{thermos.ports[alias]}}\\""}]}}""";
    Path assigned = dir.resolve("assigned.json");
    Files.writeString(assigned, "{\"taskId\": \"t-1\", \"instanceId\": 0, \"hostname\": \"h\","
        + " \"ports\": {\"tcp\": 31001, \"http\": 31002}, \"job\": " + job + "}");
    Path sandbox = dir.resolve("assigned");
    // The job announces: the executor needs an ensemble to announce in, or it refuses the job. A real one.
    ZooKeeperTestServer zk = ZooKeeperTestServer.start(dir.resolve("zk"));
    try {
      aliasedPortEchoesTheHttpPort(job, assigned, sandbox, zk.connectString());
    } finally {
      zk.close();
    }
  }

  private void aliasedPortEchoesTheHttpPort(String job, Path assigned, Path sandbox, String ensemble)
      throws Exception {
    Result r = runInProcess("--task", assigned.toString(), "--sandbox", sandbox.toString(),
        "--announcer-ensemble", ensemble);
    assertEquals(0, r.status(), r.err());
    assertEquals("tcp port: 31001; http port: 31002; alias: 31002\n",
        Files.readString(sandbox.resolve(".logs/echo_ports/0/stdout")));

    Path bare = dir.resolve("bare.json");
    Files.writeString(bare, job);
    Path bareSandbox = dir.resolve("bare");
    Result b = runInProcess("--task", bare.toString(), "--sandbox", bareSandbox.toString(), "--port", "tcp=31005",
        "--announcer-ensemble", ensemble);
    assertEquals(0, b.status(), b.err());
    String echoed = Files.readString(bareSandbox.resolve(".logs/echo_ports/0/stdout"));
    java.util.regex.Matcher m = Pattern.compile("tcp port: 31005; http port: (\\d+); alias: (\\d+)\n").matcher(echoed);
    assertTrue(m.matches(), echoed);
    assertEquals(m.group(1), m.group(2));
  }

  @Test
  void badArgumentsAndInvalidTasksExitWithTwo() throws Exception {
    Result usage = runInProcess("--sandbox", dir.toString());
    assertEquals(2, usage.status());
    assertTrue(usage.err().contains("--task and --sandbox are required"), usage.err());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"taskId\": \"x\", \"job\": {\"task\": {\"processes\": []}}}");
    Result noInstance = runInProcess("--task", broken.toString(), "--sandbox", dir.resolve("s").toString());
    assertEquals(2, noInstance.status());
    assertTrue(noInstance.err().contains(broken + ": line 1: instanceId: required integer is missing"),
        noInstance.err());
    Files.writeString(broken,
        "{\"taskId\": \"x\", \"instanceId\": 0, \"hostname\": \"h\",\n \"job\": {\"task\": {\"processes\": []}}}");
    Result invalid = runInProcess("--task", broken.toString(), "--sandbox", dir.resolve("s").toString());
    assertEquals(2, invalid.status());
    assertTrue(invalid.err().contains(broken + ": line 2: job.task.processes: Processes required"), invalid.err());
  }

  @Test
  void theRealCommandLineExitsZeroOnSuccessAndNonZeroOnFailure() throws Exception {
    assertEquals(0, runChild(resource("hello_world.json"), dir.resolve("ok")));
    Path failing = dir.resolve("failing.json");
    Files.writeString(failing, Files.readString(resource("hello_world.json")).replace("echo hello world", "exit 9"));
    assertEquals(1, runChild(failing, dir.resolve("bad")));
  }

  @Test
  void sigtermToRunTaskKillsTheTaskFirst() throws Exception {
    String marker = "aurora-run-task-" + UUID.randomUUID();
    Path task = dir.resolve("svc.json");
    Files.writeString(task, TaskJson.task("svc")
        .process("svc", "exec -a " + marker + " sleep 300").json());
    List<String> command = new ArrayList<>(ExecutorCommand.javaCommand());
    command.addAll(List.of("run-task", "--task", task.toString(), "--sandbox", dir.resolve("svc").toString(),
        "--nosetuid"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessTable.withCommandLineContaining(marker).isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "task never started: " + Files.readString(dir.resolve("out")));
      Thread.sleep(20);
    }
    p.destroy();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(List.of(), ProcessTable.withCommandLineContaining(marker));
    assertTrue(Files.readString(dir.resolve("out")).contains(" KILLED Instructed to kill task."),
        Files.readString(dir.resolve("out")));
  }

  private int runChild(Path task, Path sandbox) throws Exception {
    List<String> command = new ArrayList<>(ExecutorCommand.javaCommand());
    command.addAll(List.of("run-task", "--task", task.toString(), "--sandbox", sandbox.toString(), "--nosetuid"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(output.lines().anyMatch(l -> PROCESS_LINE.matcher(l).matches()), output);
    return p.exitValue();
  }
}
