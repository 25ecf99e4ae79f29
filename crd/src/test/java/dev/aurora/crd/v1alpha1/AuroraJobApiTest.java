package dev.aurora.crd.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.testing.WithKubeApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AuroraJob CRD on a real kube-apiserver: schema validation, subresources, printing, server-side apply. */
@WithKubeApiServer
class AuroraJobApiTest {
  static final String NS = "demo";
  static final ResourceDefinitionContext AURORA_JOBS = new ResourceDefinitionContext.Builder()
      .withGroup(AuroraJob.GROUP).withVersion(AuroraJob.VERSION).withPlural("aurorajobs").withKind("AuroraJob")
      .withNamespaced(true).build();

  @BeforeAll
  static void installCrd(KubernetesClient client) {
    AuroraJobCrd.install(client);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @Test
  void theExampleResourceApplies(LocalKubeApiServer server) {
    Path examples = ControlPlaneBinaries.repositoryRoot().resolve("examples");
    LocalKubeApiServer.CommandResult applied = server.kubectl("apply", "--server-side",
        "-f", examples.resolve("namespace.yaml").toString(), "-f", examples.resolve("hello-world.yaml").toString());
    assertTrue(applied.ok(), applied.stderr());

    AuroraJob job = server.client().resources(AuroraJob.class).inNamespace(NS).withName("hello-world").get();
    assertEquals("cluster1/demo/test/hello_world", job.getSpec().getJob());
    assertTrue(job.getSpec().getSource().contains("jobs = [hello_world_job]"));
  }

  @Test
  void aMissingSourceIsRejectedNamingTheField(KubernetesClient client) {
    Map<String, Object> spec = Map.of("job", "hello");
    assertRejected(client, "no-source", spec, "spec.source: Required value");
  }

  @Test
  void anEmptySourceIsRejected(KubernetesClient client) {
    assertRejected(client, "empty-source", Map.of("source", ""), "spec.source: Invalid value");
  }

  @Test
  void wrongTypesAreRejectedNamingEachField(KubernetesClient client) {
    Map<String, Object> spec = Map.of("source", "jobs = []", "job", 5, "bindings", Map.of("profile.instances", 3));
    KubernetesClientException e = assertRejected(client, "wrong-types", spec, "spec.job: Invalid value");
    assertTrue(e.getMessage().contains("spec.bindings.profile.instances: Invalid value"), e.getMessage());
  }

  @Test
  void aMalformedJobKeyIsRejected(KubernetesClient client) {
    assertRejected(client, "bad-key", Map.of("source", "jobs = []", "job", "cluster1/www-data/hello"),
        "spec.job: Invalid value");
    assertRejected(client, "bad-key-2", Map.of("source", "jobs = []", "job", "a/b/c/d e"), "spec.job: Invalid value");
  }

  @Test
  void anOversizedSourceIsRejected(KubernetesClient client) {
    String source = "#".repeat(AuroraJobSpec.MAX_SOURCE_LENGTH + 1);
    assertRejected(client, "too-big", Map.of("source", source), "spec.source: Too long");
  }

  @Test
  void includeNamesThatLeaveTheFileMapAreRejected(KubernetesClient client) {
    assertRejected(client, "dotdot", Map.of("source", "jobs = []", "files", Map.of("../secrets", "x")),
        "spec.files: Invalid value");
    assertRejected(client, "absolute", Map.of("source", "jobs = []", "files", Map.of("/etc/passwd", "x")),
        "spec.files: Invalid value");
  }

  @Test
  void bindingNamesMustBeTemplateReferences(KubernetesClient client) {
    assertRejected(client, "bad-binding", Map.of("source", "jobs = []", "bindings", Map.of("not a ref", "x")),
        "spec.bindings: Invalid value");
  }

  @Test
  void aSpecChangeBumpsGenerationAndAStatusWriteDoesNot(KubernetesClient client) {
    AuroraJob created = client.resource(auroraJob("generations", "jobs = []")).create();
    assertEquals(1L, created.getMetadata().getGeneration());

    created.setStatus(status(1L, "Pending", 0, "cluster1/demo/test/x"));
    AuroraJob afterStatus = client.resource(created).updateStatus();
    assertEquals(1L, afterStatus.getMetadata().getGeneration());
    assertEquals(AuroraJobPhase.Pending, afterStatus.getStatus().phase());

    afterStatus.getSpec().setRestartNonce("2026-11-25T00:00:00Z");
    AuroraJob afterSpec = client.resource(afterStatus).update();
    assertEquals(2L, afterSpec.getMetadata().getGeneration());
    assertEquals(1L, afterSpec.getStatus().observedGeneration(), "a spec update leaves the status alone");

    // The status subresource ignores spec changes, and the main resource ignores status changes.
    afterSpec.getSpec().setSource("jobs = [] # edited through /status");
    afterSpec.setStatus(status(2L, "Running", 0, "cluster1/demo/test/x"));
    AuroraJob viaStatus = client.resource(afterSpec).updateStatus();
    assertEquals("jobs = []", viaStatus.getSpec().getSource());
    assertEquals(2L, viaStatus.getMetadata().getGeneration());
  }

  @Test
  void aStaleResourceVersionIsAConflict(KubernetesClient client) {
    AuroraJob created = client.resource(auroraJob("conflict", "jobs = []")).create();
    AuroraJob stale = client.resources(AuroraJob.class).inNamespace(NS).withName("conflict").get();
    created.getSpec().setRestartNonce("one");
    client.resource(created).update();
    stale.getSpec().setRestartNonce("two");
    KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> client.resource(stale).update());
    assertEquals(409, e.getCode());
  }

  @Test
  void kubectlGetShowsTheJobColumns(LocalKubeApiServer server) {
    KubernetesClient client = server.client();
    AuroraJob job = client.resource(auroraJob("printed", "jobs = []")).create();
    job.setStatus(status(1L, "Running", 3, "cluster1/demo/prod/printed"));
    client.resource(job).updateStatus();

    LocalKubeApiServer.CommandResult get = server.kubectl("get", "aj", "printed", "-n", NS);
    assertTrue(get.ok(), get.stderr());
    List<String> lines = get.stdout().lines().toList();
    assertEquals(List.of("NAME", "JOB", "INSTANCES", "RUNNING", "PHASE", "AGE"), List.of(lines.get(0).split("\\s+")));
    List<String> row = List.of(lines.get(1).split("\\s+"));
    assertEquals(List.of("printed", "cluster1/demo/prod/printed", "3", "2", "Running"), row.subList(0, 5));

    LocalKubeApiServer.CommandResult wide = server.kubectl("get", "ajob", "printed", "-n", NS, "-o", "wide");
    assertTrue(wide.stdout().lines().findFirst().orElseThrow().endsWith("MESSAGE"), wide.stdout());
    assertTrue(wide.stdout().contains("2 of 3 instances running"), wide.stdout());

    LocalKubeApiServer.CommandResult category = server.kubectl("get", "aurora", "-n", NS, "-o", "name");
    assertTrue(category.stdout().contains("aurorajob.aurora.dev/printed"), category.stdout() + category.stderr());
  }

  @Test
  void kubectlExplainTeachesTheSpec(LocalKubeApiServer server) {
    LocalKubeApiServer.CommandResult explain = server.kubectl("explain", "aj.spec");
    assertTrue(explain.ok(), explain.stderr());
    String text = explain.stdout().replaceAll("\\s+", " ");
    assertTrue(text.contains("source <string> -required-"), text);
    assertTrue(text.contains("It must define a `jobs` list"), text);
    assertTrue(text.contains("as `aurora job create --bind name=value` gave"), text);
    assertTrue(text.contains("cluster/role/environment/name"), text);
  }

  @Test
  void twoFieldManagersShareOneResourceUnderServerSideApply(KubernetesClient client) {
    AuroraJob fromGit = auroraJob("shared", "jobs = []");
    fromGit.getSpec().setJob("hello");
    client.resource(fromGit).fieldManager("argocd").serverSideApply();

    AuroraJob restart = new AuroraJob();
    restart.setMetadata(new ObjectMetaBuilder().withName("shared").withNamespace(NS).build());
    restart.setSpec(new AuroraJobSpec());
    restart.getSpec().setSource("jobs = []");
    restart.getSpec().setRestartNonce("now");
    // Same source value: co-ownership, not a conflict.
    AuroraJob merged = client.resource(restart).fieldManager("kubectl-restart").serverSideApply();
    assertEquals("hello", merged.getSpec().getJob());
    assertEquals("now", merged.getSpec().getRestartNonce());
    assertEquals(List.of("argocd", "kubectl-restart"), managers(merged));

    restart.getSpec().setSource("jobs = [] # someone else's edit");
    KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
        () -> client.resource(restart).fieldManager("kubectl-restart").serverSideApply());
    assertEquals(409, conflict.getCode());
    assertTrue(conflict.getMessage().contains(".spec.source"), conflict.getMessage());
  }

  @Test
  void conditionsMergePerTypeUnderServerSideApply(KubernetesClient client) {
    client.resource(auroraJob("conditions", "jobs = []")).create();
    applyStatusCondition(client, "evaluator", "ConfigValid", "True");
    applyStatusCondition(client, "scheduler", "Available", "False");
    applyStatusCondition(client, "evaluator", "ConfigValid", "False");

    AuroraJob job = client.resources(AuroraJob.class).inNamespace(NS).withName("conditions").get();
    Map<String, String> byType = job.getStatus().conditions().stream()
        .collect(Collectors.toMap(AuroraJobCondition::type, AuroraJobCondition::status));
    assertEquals(Map.of("ConfigValid", "False", "Available", "False"), byType);
  }

  private static void applyStatusCondition(KubernetesClient client, String manager, String type, String value) {
    AuroraJob patch = new AuroraJob();
    patch.setMetadata(new ObjectMetaBuilder().withName("conditions").withNamespace(NS).build());
    patch.setStatus(new AuroraJobStatus(null, null, null, null, null, null, null, null, null,
        List.of(new AuroraJobCondition(type, value, 1L, "2026-11-25T00:00:00Z", "Test", "set by " + manager)), null, null));
    client.resource(patch).subresource("status").patch(new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(manager).withForce(true).build());
  }

  private static List<String> managers(AuroraJob job) {
    return job.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).sorted().toList();
  }

  private static KubernetesClientException assertRejected(KubernetesClient client, String name,
      Map<String, Object> spec, String expected) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(AuroraJob.GROUP + "/" + AuroraJob.VERSION);
    resource.setKind("AuroraJob");
    resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    resource.setAdditionalProperty("spec", spec);
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> client.genericKubernetesResources(AURORA_JOBS).inNamespace(NS).resource(resource).create());
    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    return e;
  }

  static AuroraJob auroraJob(String name, String source) {
    AuroraJob job = new AuroraJob();
    job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    AuroraJobSpec spec = new AuroraJobSpec();
    spec.setSource(source);
    job.setSpec(spec);
    return job;
  }

  static AuroraJobStatus status(long generation, String phase, int instances, String jobKey) {
    int running = Math.max(0, instances - 1);
    AuroraJobStatus status = new AuroraJobStatus(generation, AuroraJobPhase.valueOf(phase), jobKey, "sha256:0",
        instances, Map.of("RUNNING", running, "PENDING", instances - running), List.of(), 0, null, List.of(),
        running + " of " + instances + " instances running", null);
    assertNotNull(status.phase());
    return status;
  }
}
