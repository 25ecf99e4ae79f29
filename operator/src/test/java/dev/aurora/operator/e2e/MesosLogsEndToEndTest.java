package dev.aurora.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.InstanceStatus;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.RealExecutors;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl aurora logs} with the Mesos backend: the framework names each task's sandbox by its agent's files
 * API (the agent address from the offer, the executor's virtual path), and the plugin reads the process' output
 * through {@code /files/browse} and {@code /files/read} of the in-test agent, following by offset.
 */
@WithKubeApiServer
class MesosLogsEndToEndTest {
  private static final String TALKER = """
      import os
      talk = Process(name = 'talk', cmdline = 'echo hello from {{mesos.instance}}; echo complaint >&2; '
                                             + 'printf "raw \\\\377\\\\n" >&2; '
                                             + 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.3; done')
      jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = 'talker',
                      instances = 1, task = Task(processes = [talk],
                                                 resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)))]
      """;

  @TempDir
  Path sandboxes;
  private FakeMesosCluster cluster;
  private OperatorRuntime operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void logsReadTheSandboxThroughTheAgentsFilesApi(LocalKubeApiServer server) throws Exception {
    KubernetesClient client = server.client();
    MesosOperators.installCrd(client);
    RealExecutors executors = new RealExecutors(sandboxes);
    cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    cluster.addAgent(AgentSpec.of("agent-1"));
    String ns = "mesos-logs";
    MesosOperators.createNamespace(client, ns);
    operator = MesosOperators.operator(client, cluster, MesosOperators.fastFramework(), new InMemoryFrameworkIdStore(),
        SchedulerSettings.defaults(), "--watch-namespaces", ns, "--evaluator-pool-size", "1").start();
    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName("talker").build());
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(TALKER);
    job.setSpec(spec);
    client.resource(job).serverSideApply();
    AuroraJob running = client.resources(AuroraJob.class).inNamespace(ns).withName("talker")
        .waitUntilCondition(j -> j != null && j.getStatus() != null
            && j.getStatus().phase() == AuroraJobPhase.Running && j.getStatus().tasks() != null
            && "RUNNING".equals(j.getStatus().tasks().get(0).state())
            && j.getStatus().tasks().get(0).sandbox() != null, 120, TimeUnit.SECONDS);

    InstanceStatus task = running.getStatus().tasks().get(0);
    String sandbox = URLDecoder.decode(task.sandbox(), StandardCharsets.UTF_8);
    int port = cluster.agents().get(0).files().url().getPort();
    assertTrue(sandbox.startsWith("http://127.0.0.1:" + port + "/files/read?path=/frameworks/"), sandbox);
    assertTrue(sandbox.contains("/executors/") && sandbox.contains(task.taskId())
        && sandbox.endsWith("/runs/latest/sandbox"), sandbox);

    PluginRunner plugin = new PluginRunner(server);
    // RUNNING comes from the executor as the task starts; its process' log directory follows a moment later
    PluginRunner.Result out = plugin.run("logs", ns + "/talker", "0");
    for (int i = 0; i < 30 && out.err().contains("no process logs yet"); i++) {
      Thread.sleep(500);
      out = plugin.run("logs", ns + "/talker", "0");
    }
    assertEquals(0, out.exit(), out.toString());
    assertTrue(out.out().startsWith("hello from 0\ntick 0\n"), out.out());
    PluginRunner.Result err = plugin.run("logs", ns + "/talker", "0", "talk", "--stderr");
    assertEquals(0, err.exit(), err.toString());
    // bytes that are not UTF-8 come through the agent's JSON exactly
    assertArrayEquals("complaint\nraw \u00ff\n".getBytes(StandardCharsets.ISO_8859_1), err.bytes());

    Process follow = plugin.start("logs", ns + "/talker", "0", "-f");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(follow.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertEquals("hello from 0", reader.readLine());
      Path stdout = Files.list(sandboxes.resolve("agent-1")).findFirst().orElseThrow()
          .resolve("sandbox/.logs/talk/0/stdout");
      long written = Files.readAllLines(stdout).size();
      String line = null;
      for (long i = 0; i < written + 5; i++) {
        line = reader.readLine();
      }
      // lines beyond what the file held when the plugin started reading came by following the offset
      assertEquals("tick " + (written + 4), line);
    } finally {
      follow.destroy();
      follow.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
