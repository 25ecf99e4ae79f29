package dev.aurora.operator.e2e;

import static dev.aurora.operator.e2e.OperatorHarness.inState;
import static dev.aurora.operator.e2e.OperatorHarness.tasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.dsl.cli.InspectCommand;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl aurora}, one test per verb: the real plugin (its main class in a JVM of its own, the real kubectl,
 * the test API server's kubeconfig) against the operator with its local backend. Each test checks what the plugin
 * printed or patched and what the operator then did.
 */
@WithKubeApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlAuroraEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = """
      import os
      say = Process(name = 'say', cmdline = 'echo out {{mesos.instance}} %s; echo err {{mesos.instance}} >&2; '
                                           + 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done')
      jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'prod', name = '%s',
                      instances = %d,
                      task = Task(processes = [say], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)),
                      update_config = UpdateConfig(batch_size = 1, watch_secs = %d%s))]
      """;

  private OperatorHarness operator;
  private PluginRunner plugin;
  private LocalKubeApiServer server;
  @TempDir
  Path files;

  @BeforeAll
  void startOperator(LocalKubeApiServer server, @TempDir Path root) {
    this.server = server;
    operator = new OperatorHarness(server.client(), root);
    plugin = new PluginRunner(server);
  }

  @AfterAll
  void stopOperator() {
    operator.close();
  }

  private static String service(String name, int instances, String version, int watchSecs, String extra) {
    return SERVICE.formatted(version, name, instances, watchSecs, extra);
  }

  private AuroraJobStatus running(String ns, String name, int instances) {
    return operator.await(ns, name, instances + " running", s -> s.phase() == AuroraJobPhase.Running
        && inState(s, "RUNNING") == instances && tasks(s).size() == instances, 120).getStatus();
  }

  /** The AuroraJob as kubectl shows it: the spec fields the plugin patched, whatever the Java model knows. */
  private JsonNode resource(String ns, String name) throws Exception {
    LocalKubeApiServer.CommandResult get = server.kubectl("get", "aj", name, "-n", ns, "-o", "json");
    assertTrue(get.ok(), get.stderr());
    return JSON.readTree(get.stdout());
  }

  private static Set<String> taskIds(AuroraJobStatus status) {
    return tasks(status).stream().map(InstanceStatus::taskId).collect(Collectors.toSet());
  }

  private static InstanceStatus instance(AuroraJobStatus status, int id) {
    return tasks(status).stream().filter(t -> t.id() == id).findFirst().orElseThrow();
  }

  private static List<String> loaded(String verboseClassOutput, String prefix) {
    return verboseClassOutput.lines().filter(l -> l.contains("[class,load]") && l.contains(" " + prefix))
        .toList();
  }

  @Test
  void statusPrintsOneRowPerInstanceThePhaseAndTheConditions() throws Exception {
    operator.apply("st", "web", null, service("web", 2, "v1", 1, ""));
    AuroraJobStatus status = running("st", "web", 2);

    PluginRunner.Result r = plugin.run("status", "st/web");
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().startsWith("AuroraJob st/web  job cluster1/st/prod/web\n"), r.out());
    assertTrue(r.out().contains("phase: Running (2/2 instances running)"), r.out());
    assertTrue(r.out().contains("conditions: ConfigValid=True (Evaluated)"), r.out());
    List<String> lines = r.out().lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("INSTANCE")).findFirst().orElseThrow());
    assertEquals(List.of("INSTANCE", "TASK", "STATE", "HOST", "PORTS", "FAILURES", "SINCE", "MESSAGE"),
        List.of(lines.get(header).split("\\s+")));
    for (int id = 0; id < 2; id++) {
      InstanceStatus task = instance(status, id);
      List<String> cells = List.of(lines.get(header + 1 + id).split("\\s+"));
      assertEquals(String.valueOf(id), cells.get(0));
      assertEquals(task.taskId(), cells.get(1));
      assertEquals("RUNNING", cells.get(2));
      assertEquals("localhost", cells.get(3));
      assertEquals("-", cells.get(4)); // the job asks for no ports
      assertEquals("0", cells.get(5));
      assertEquals(task.since(), cells.get(6));
    }
    // -n NS NAME is the same address
    assertEquals(r.out(), plugin.run("status", "-n", "st", "web").out());
    PluginRunner.Result missing = plugin.run("status", "st/nope");
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("not found"), missing.err());

    // The quick path: status loads neither the config language nor a Kubernetes client library.
    PluginRunner.Result verbose = plugin.run(List.of("-verbose:class"), "status", "st/web");
    assertEquals(0, verbose.exit(), verbose.err());
    assertFalse(loaded(verbose.out(), "dev.aurora.operator.cli.plugin.").isEmpty(), "-verbose:class shows loads");
    assertEquals(List.of(), loaded(verbose.out(), "org.python."));
    assertEquals(List.of(), loaded(verbose.out(), "io.fabric8."));
    operator.job("st", "web").delete();
  }

  @Test
  void logsPrintStdoutOrStderrOfTheCurrentTaskAndFollowNewLines() throws Exception {
    operator.apply("lg", "talk", null, service("talk", 2, "v1", 1, ""));
    running("lg", "talk", 2);

    PluginRunner.Result out = plugin.run("logs", "lg/talk", "1");
    assertEquals(0, out.exit(), out.toString());
    assertTrue(out.out().startsWith("out 1 v1\ntick 0\n"), out.out());
    PluginRunner.Result err = plugin.run("logs", "lg/talk", "0", "say", "--stderr");
    assertEquals(0, err.exit(), err.toString());
    assertEquals("err 0\n", err.out());

    PluginRunner.Result unknown = plugin.run("logs", "lg/talk", "0", "nope");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no logs of process 'nope'; its processes: say"), unknown.err());
    operator.apply("lg", "two", null, """
        import os
        a = Process(name = 'a', cmdline = 'echo from a; sleep 1000')
        b = Process(name = 'b', cmdline = 'echo from b; sleep 1000')
        jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'prod', name = 'two',
                        task = Task(processes = [a, b], resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
        """);
    Path two = operator.sandbox(instance(running("lg", "two", 1), 0).taskId());
    for (int i = 0; i < 100 && !(Files.isDirectory(two.resolve(".logs/a")) && Files.isDirectory(two.resolve(".logs/b")));
         i++) {
      Thread.sleep(100); // RUNNING may come a moment before the processes' log directories
    }
    PluginRunner.Result several = plugin.run("logs", "lg/two", "0");
    assertEquals(1, several.exit(), several.toString());
    assertTrue(several.err().contains("runs several processes; name one: a, b"), several.err());
    PluginRunner.Result b = plugin.run("logs", "lg/two", "0", "b");
    for (int i = 0; i < 20 && b.out().isEmpty(); i++) {
      Thread.sleep(100); // the log file exists as the process starts; its echo follows
      b = plugin.run("logs", "lg/two", "0", "b");
    }
    assertEquals("from b\n", b.out(), b.toString());
    operator.job("lg", "two").delete();

    PluginRunner.Result noInstance = plugin.run("logs", "lg/talk", "7");
    assertEquals(1, noInstance.exit());
    assertTrue(noInstance.err().contains("has no instance 7 in its status (listed: 0-1)"), noInstance.err());

    PluginRunner.Result verbose = plugin.run(List.of("-verbose:class"), "logs", "lg/talk", "0", "--stderr");
    assertEquals(0, verbose.exit(), verbose.err());
    assertEquals(List.of(), loaded(verbose.out(), "org.python."));
    assertEquals(List.of(), loaded(verbose.out(), "io.fabric8."));

    // -f prints what is there, then what the process writes afterwards.
    Process follow = plugin.start("logs", "lg/talk", "0", "-f");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(follow.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertEquals("out 0 v1", reader.readLine());
      int firstTick = Integer.parseInt(reader.readLine().substring("tick ".length()));
      Path stdout = operator.sandbox(instance(operator.job("lg", "talk").get().getStatus(), 0).taskId())
          .resolve(".logs/say/0/stdout");
      int before = (int) Files.readAllLines(stdout).stream().filter(l -> l.startsWith("tick")).count();
      String line = null;
      for (int i = 0; i < before + 10; i++) {
        line = reader.readLine();
      }
      // lines the process wrote after the plugin had read the file to its end came through the follow
      assertEquals("tick " + (firstTick + before + 10), line);
    } finally {
      follow.destroy();
      follow.waitFor(10, TimeUnit.SECONDS);
    }
    operator.job("lg", "talk").delete();
  }

  @Test
  void restartReplacesEveryTaskOrOnlyTheChosenInstances() throws Exception {
    operator.apply("rs", "svc", null, service("svc", 3, "v1", 1, ""));
    Set<String> before = taskIds(running("rs", "svc", 3));

    PluginRunner.Result all = plugin.run("restart", "rs/svc");
    assertEquals(0, all.exit(), all.toString());
    JsonNode spec = resource("rs", "svc").path("spec");
    String nonce = spec.path("restartNonce").asText();
    assertFalse(nonce.isEmpty(), spec.toString());
    assertFalse(spec.has("restartInstances"), spec.toString());
    AuroraJobStatus restarted = operator.await("rs", "svc", "every task replaced",
        s -> inState(s, "RUNNING") == 3 && taskIds(s).stream().noneMatch(before::contains)
            && s.update() != null && "ROLLED_FORWARD".equals(s.update().state()), 120).getStatus();

    PluginRunner.Result one = plugin.run("restart", "rs/svc", "--instances", "1");
    assertEquals(0, one.exit(), one.toString());
    spec = resource("rs", "svc").path("spec");
    assertEquals("1", spec.path("restartInstances").asText(), spec.toString());
    assertNotEquals(nonce, spec.path("restartNonce").asText());
    Map<Integer, String> was = tasks(restarted).stream().collect(Collectors.toMap(InstanceStatus::id,
        InstanceStatus::taskId));
    AuroraJobStatus after = operator.await("rs", "svc", "instance 1 replaced", s -> inState(s, "RUNNING") == 3
        && !instance(s, 1).taskId().equals(was.get(1)), 120).getStatus();
    assertEquals(was.get(0), instance(after, 0).taskId(), "instance 0 is not restarted");
    assertEquals(was.get(2), instance(after, 2).taskId(), "instance 2 is not restarted");

    PluginRunner.Result bad = plugin.run("restart", "rs/svc", "--instances", "3-1");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--instances: \"3-1\" is not a list of instance ids and ranges")
        && bad.err().contains("range 3-1 runs backwards"), bad.err());
    operator.job("rs", "svc").delete();
  }

  @Test
  void killTakesChosenInstancesDownAndStartBringsThemBack() throws Exception {
    operator.apply("kl", "svc", null, service("svc", 3, "v1", 1, ""));
    running("kl", "svc", 3);

    PluginRunner.Result whole = plugin.run("kill", "kl/svc");
    assertEquals(2, whole.exit());
    assertTrue(whole.err().contains("kubectl delete aj svc -n kl"), whole.err());

    PluginRunner.Result kill = plugin.run("kill", "kl/svc", "--instances", "0,2");
    assertEquals(0, kill.exit(), kill.toString());
    assertEquals("0,2", resource("kl", "svc").path("spec").path("killedInstances").asText());
    PluginRunner.Result more = plugin.run("kill", "kl/svc", "--instances", "1");
    assertEquals(0, more.exit(), more.toString());
    assertEquals("0-2", resource("kl", "svc").path("spec").path("killedInstances").asText());
    operator.await("kl", "svc", "every instance killed", s -> inState(s, "RUNNING") == 0
        && tasks(s).stream().allMatch(t -> "KILLED".equals(t.state())), 120);

    PluginRunner.Result start = plugin.run("start", "kl/svc", "--instances", "0-1");
    assertEquals(0, start.exit(), start.toString());
    assertEquals("2", resource("kl", "svc").path("spec").path("killedInstances").asText());
    AuroraJobStatus back = operator.await("kl", "svc", "0 and 1 back", s -> inState(s, "RUNNING") == 2
        && "RUNNING".equals(instance(s, 0).state()) && "RUNNING".equals(instance(s, 1).state()), 120).getStatus();
    assertEquals("KILLED", instance(back, 2).state());
    PluginRunner.Result rest = plugin.run("start", "kl/svc", "--instances", "2");
    assertEquals(0, rest.exit(), rest.toString());
    assertFalse(resource("kl", "svc").path("spec").has("killedInstances"));
    running("kl", "svc", 3);
    operator.job("kl", "svc").delete();
  }

  @Test
  void updatePauseHoldsAnUpdateAndResumeLetsItFinish() throws Exception {
    operator.apply("up", "svc", null, service("svc", 2, "v1", 1, ""));
    running("up", "svc", 2);

    PluginRunner.Result pause = plugin.run("update", "pause", "up/svc");
    assertEquals(0, pause.exit(), pause.toString());
    assertTrue(resource("up", "svc").path("spec").path("update").path("paused").asBoolean());
    operator.apply("up", "svc", null, service("svc", 2, "v2", 1, ""));
    operator.await("up", "svc", "a paused update", s -> s.update() != null
        && "ROLL_FORWARD_PAUSED".equals(s.update().state()), 60);

    PluginRunner.Result resume = plugin.run("update", "resume", "up/svc");
    assertEquals(0, resume.exit(), resume.toString());
    JsonNode update = resource("up", "svc").path("spec").path("update");
    assertFalse(update.path("paused").asBoolean(true), update.toString());
    assertFalse(update.path("resume").asText().isEmpty(), update.toString());
    operator.await("up", "svc", "rolled forward", s -> s.update() != null
        && "ROLLED_FORWARD".equals(s.update().state()) && inState(s, "RUNNING") == 2, 120);
    operator.job("up", "svc").delete();
  }

  @Test
  void updateAbortStopsTheUpdateInFlightAndIsRefusedWithoutOne() throws Exception {
    operator.apply("ab", "svc", null, service("svc", 3, "v1", 1, ""));
    running("ab", "svc", 3);
    PluginRunner.Result nothing = plugin.run("update", "abort", "ab/svc");
    assertEquals(1, nothing.exit());
    assertTrue(nothing.err().contains("no update of ab/svc is in flight"), nothing.err());

    // a slow update: each instance is watched for a minute
    operator.apply("ab", "svc", null, service("svc", 3, "v2", 60, ""));
    AuroraJobStatus rolling = operator.await("ab", "svc", "an update in flight", s -> s.update() != null
        && "ROLLING_FORWARD".equals(s.update().state()), 60).getStatus();
    PluginRunner.Result abort = plugin.run("update", "abort", "ab/svc");
    assertEquals(0, abort.exit(), abort.toString());
    JsonNode job = resource("ab", "svc");
    String id = job.path("status").path("update").path("id").asText();
    assertFalse(id.isEmpty(), job.path("status").toString());
    assertEquals(id, job.path("spec").path("update").path("abort").asText());
    AuroraJobStatus aborted = operator.await("ab", "svc", "aborted", s -> s.update() != null
        && "ABORTED".equals(s.update().state()), 60).getStatus();
    assertTrue(aborted.update().instancesUpdated() < 3, aborted.update().toString());
    assertNotNull(rolling.update());
    operator.job("ab", "svc").delete();
  }

  @Test
  void updatePulseUnblocksAnUpdateThatAwaitsIt() throws Exception {
    operator.apply("pl", "svc", null, service("svc", 2, "v1", 1, ", pulse_interval_secs = 3600"));
    running("pl", "svc", 2);
    operator.apply("pl", "svc", null, service("svc", 2, "v2", 1, ", pulse_interval_secs = 3600"));
    operator.await("pl", "svc", "awaiting a pulse", s -> s.update() != null
        && "ROLL_FORWARD_AWAITING_PULSE".equals(s.update().state()), 60);

    PluginRunner.Result pulse = plugin.run("update", "pulse", "pl/svc");
    assertEquals(0, pulse.exit(), pulse.toString());
    assertFalse(resource("pl", "svc").path("spec").path("update").path("pulse").asText().isEmpty());
    operator.await("pl", "svc", "rolled forward after the pulse", s -> s.update() != null
        && "ROLLED_FORWARD".equals(s.update().state()), 120);
    operator.job("pl", "svc").delete();
  }

  @Test
  void inspectPrintsAFileAsAuroraDidAndAnAuroraJobsOwnSource() throws Exception {
    Path file = files.resolve("web.aurora");
    Files.writeString(file, service("web", 2, "{{tag}}", 1, "").replace("os.getenv('USER')", "'in'"));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    assertEquals(0, InspectCommand.run(new String[] {"--bind", "tag=v7", file.toString()}, System.getenv(),
        new PrintStream(expected, true, StandardCharsets.UTF_8), System.err));
    PluginRunner.Result fromFile = plugin.run("inspect", "--bind", "tag=v7", file.toString());
    assertEquals(0, fromFile.exit(), fromFile.toString());
    assertEquals(expected.toString(StandardCharsets.UTF_8), fromFile.out());
    assertTrue(fromFile.out().contains("v7"), fromFile.out());

    operator.apply("in", "web", null, service("web", 2, "v1", 1, ""));
    PluginRunner.Result fromJob = plugin.run("inspect", "in/web");
    assertEquals(0, fromJob.exit(), fromJob.toString());
    assertTrue(fromJob.out().startsWith("# in/web: spec.source ("), fromJob.out());
    assertTrue(fromJob.out().contains("Job level information"), fromJob.out());
    assertTrue(fromJob.out().contains("name:       'web'\n  role:       'in'\n"), fromJob.out());
    assertTrue(fromJob.out().contains("echo out {{mesos.instance}} v1"), fromJob.out());
    PluginRunner.Result json = plugin.run("inspect", "--json", "in/web");
    assertEquals(0, json.exit(), json.toString());
    JsonNode job = JSON.readTree(json.out().substring(json.out().indexOf('\n') + 1));
    assertEquals(2, job.path("instances").asInt());
    operator.job("in", "web").delete();
  }

  @Test
  void diffShowsWhatAnEditWouldAddUpdateAndChangeAsAuroraJobDiffDid() throws Exception {
    operator.apply("df", "svc", null, service("svc", 2, "v1", 1, ""));
    running("df", "svc", 2);
    Path same = files.resolve("same.aurora");
    Files.writeString(same, service("svc", 2, "v1", 1, ""));
    PluginRunner.Result none = plugin.run("diff", "df/svc", same.toString());
    assertEquals(0, none.exit(), none.toString());
    assertEquals("This job update will:\nnot change instances: [0-1]\n", none.out());

    Path edited = files.resolve("edited.aurora");
    Files.writeString(edited, service("svc", 4, "v2", 1, ""));
    PluginRunner.Result diff = plugin.run("diff", "df/svc", edited.toString());
    assertEquals(0, diff.exit(), diff.toString());
    String out = diff.out();
    assertTrue(out.startsWith("This job update will:\nadd instances: [2-3]\nupdate instances: [0-1]\nwith diff:\n\n"
        + "--- df/svc (running, config "), out);
    assertTrue(out.contains("\n+++ " + edited + "\n"), out);
    assertTrue(out.contains("\n-  \"instances\": 2,\n+  \"instances\": 4,\n"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("-") && l.contains("v1"))
        && out.lines().anyMatch(l -> l.startsWith("+") && l.contains("v2")), out);
    assertFalse(out.contains("not change instances"), out);

    Path fewer = files.resolve("fewer.aurora");
    Files.writeString(fewer, service("svc", 1, "v1", 1, ""));
    String shrink = plugin.run("diff", "df/svc", fewer.toString()).out();
    assertTrue(shrink.startsWith("This job update will:\nremove instances: [1]\nwith diff:\n"), shrink);
    assertTrue(shrink.endsWith("not change instances: [0]\n"), shrink);
    operator.job("df", "svc").delete();
  }
}
