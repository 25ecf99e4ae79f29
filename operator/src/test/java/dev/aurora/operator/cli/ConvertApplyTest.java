package dev.aurora.operator.cli;

import static dev.aurora.operator.cli.ConvertFixtures.assertExit;
import static dev.aurora.operator.cli.ConvertFixtures.convert;
import static dev.aurora.operator.cli.ConvertFixtures.manifests;
import static dev.aurora.operator.cli.ConvertFixtures.write;
import static dev.aurora.operator.evaluation.SandboxFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.operator.cli.ConvertFixtures.Run;
import dev.aurora.operator.evaluation.WorkerPool;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code convert} writes, applied with server-side apply to a real API server that has the AuroraJob CRD. */
@WithKubeApiServer
class ConvertApplyTest {
  private static WorkerPool pool;

  @BeforeAll
  static void setUp(KubernetesClient client) {
    pool = ConvertFixtures.startPool();
    AuroraJobCrd.install(client);
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Test
  void theConvertedExamplesAreAcceptedByTheApiServerUnchanged(LocalKubeApiServer server, @TempDir Path repo,
                                                              @TempDir Path out) {
    // The corpus, plus a repository with nested includes and a source whose layout a literal block must keep.
    String awkward = "\n\n# blank lines first, trailing spaces next   \nx = '''\n---\n\tkey: value\n'''\n"
        + "include('lib/base.aurora')\n"
        + "jobs = [Job(cluster = 'c1', role = 'www-data', environment = 'prod', name = 'Awkward.Name_1',\n"
        + "            task = Task(processes = procs, resources = small))]\n\n\n";
    write(repo.resolve("awkward.aurora"), awkward);
    write(repo.resolve("lib/base.aurora"), "include('res.aurora')\nprocs = [Process(name = 'p', cmdline = 'true')]");
    write(repo.resolve("lib/res.aurora"), "small = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)\n");
    List<String> args = new ArrayList<>(List.of("--out", out.toString(), repo.toString()));
    ConvertFixtures.validExamples().forEach(file -> args.add(file.toString()));
    Run run = convert(pool, args.toArray(String[]::new));
    // The corpus holds one job that the scheduler's checks refuse (see ConvertCommandTest); all else is written.
    assertExit(ConvertCommand.INVALID, run);
    List<JsonNode> manifests = manifests(out);
    assertEquals(17, manifests.size(), run.stdout());

    KubernetesClient client = server.client();
    for (String namespace : new TreeSet<>(manifests.stream().map(m -> m.at("/metadata/namespace").asText()).toList())) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .serverSideApply();
    }
    LocalKubeApiServer.CommandResult applied = server.kubectl("apply", "--server-side", "--field-manager=gitops",
        "-R", "-f", out.toString());
    assertTrue(applied.ok(), applied.stderr());
    assertEquals(17, applied.stdout().lines().filter(l -> l.contains("serverside-applied")).count(), applied.stdout());

    for (JsonNode manifest : manifests) {
      AuroraJob stored = client.resources(AuroraJob.class).inNamespace(manifest.at("/metadata/namespace").asText())
          .withName(manifest.at("/metadata/name").asText()).get();
      assertNotNull(stored, manifest.at("/metadata/name").asText());
      assertEquals(manifest.at("/spec/job").asText(), stored.getSpec().getJob());
      assertEquals(manifest.at("/spec/source").asText(), stored.getSpec().getSource());
      Map<String, String> files = new HashMap<>();
      manifest.at("/spec/files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
      assertEquals(files, stored.getSpec().getFiles() == null ? Map.of() : stored.getSpec().getFiles());
    }

    AuroraJob awkwardJob = client.resources(AuroraJob.class).inNamespace("www-data").withName("awkward-name-1").get();
    assertNotNull(awkwardJob, applied.stdout());
    assertEquals(awkward, awkwardJob.getSpec().getSource());
    assertEquals(Map.of("lib/base.aurora", read(repo.resolve("lib/base.aurora")),
        "lib/res.aurora", read(repo.resolve("lib/res.aurora"))), awkwardJob.getSpec().getFiles());
    AuroraJob tutorial = client.resources(AuroraJob.class).inNamespace("jdoe").withName("hello-world").get();
    assertEquals("cluster1/jdoe/test/hello_world", tutorial.getSpec().getJob());

    // Converting and applying again changes no spec (the generation stays 1): the output is stable GitOps input.
    assertExit(ConvertCommand.INVALID, convert(pool, args.toArray(String[]::new)));
    LocalKubeApiServer.CommandResult again = server.kubectl("apply", "--server-side", "--field-manager=gitops",
        "-R", "-f", out.toString());
    assertTrue(again.ok(), again.stderr());
    for (JsonNode manifest : manifests) {
      AuroraJob stored = client.resources(AuroraJob.class).inNamespace(manifest.at("/metadata/namespace").asText())
          .withName(manifest.at("/metadata/name").asText()).get();
      assertEquals(1L, stored.getMetadata().getGeneration(), stored.getMetadata().getName());
    }
  }
}
