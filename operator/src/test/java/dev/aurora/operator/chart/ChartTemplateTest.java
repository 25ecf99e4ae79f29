package dev.aurora.operator.chart;

import static dev.aurora.operator.chart.RenderedChart.env;
import static dev.aurora.operator.chart.RenderedChart.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.operator.runtime.OperatorSettings;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import dev.aurora.operator.evaluation.EvaluatorMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code helm lint} and {@code helm template} with the helm the project builds, and what the manifests say. */
class ChartTemplateTest {
  static final String MASTER = "zk://zk1:2181,zk2:2181/mesos";
  static final String TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  static HelmBinary helm;

  @BeforeAll
  static void buildHelm() {
    helm = HelmBinary.ensureInstalled();
  }

  static RenderedChart render(String... sets) {
    List<String> flags = new ArrayList<>(List.of("--set-json", "mesos.master=\"" + MASTER + "\""));
    flags.addAll(List.of(sets));
    return RenderedChart.render(helm, "aurora-operator", "aurora-system", flags.toArray(String[]::new));
  }

  @Test
  void helmIsThePinnedVersion() {
    CommandResult version = helm.run("version", "--template", "{{ .Version }}");
    assertEquals(0, version.exitCode(), version.stderr());
    assertEquals("v" + helm.version(), version.stdout().trim());
  }

  @Test
  void lintPassesWithAMasterAndWithEveryOptionSet() {
    CommandResult plain = helm.run("lint", "--strict", HelmBinary.chartDir().toString(),
        "--set-json", "mesos.master=\"" + MASTER + "\"");
    assertEquals(0, plain.exitCode(), plain.stdout() + plain.stderr());
    CommandResult full = helm.run("lint", "--strict", HelmBinary.chartDir().toString(),
        "--set-json", "mesos.master=\"" + MASTER + "\"", "--set", "replicaCount=2",
        "--set", "watchNamespaces={team-a,team-b}",
        "--set", "mesos.secretRef.name=framework", "--set-json", "namespaceRoles={\"team-a\":[\"www\",\"batch\"]}",
        "--set", "evaluator.memoryMb=128", "--set", "metrics.service.enabled=false");
    assertEquals(0, full.exitCode(), full.stdout() + full.stderr());
  }

  @Test
  void theMesosBackendWithoutAMasterIsRefusedByName() {
    CommandResult result = RenderedChart.template(helm, "aurora-operator", "aurora-system");
    assertNotEquals(0, result.exitCode());
    assertTrue(result.stderr().contains("mesos.master is required"), result.stderr());
    RenderedChart local = RenderedChart.render(helm, "aurora-operator", "aurora-system", "--set", "backend=local");
    assertEquals("local", env(local.container("operator")).get("AURORA_BACKEND"));
    CommandResult other = RenderedChart.template(helm, "aurora-operator", "aurora-system", "--set", "backend=k8s");
    assertNotEquals(0, other.exitCode());
    assertTrue(other.stderr().contains("backend must be mesos or local"), other.stderr());
  }

  @Test
  void theEvaluatorHasNoTokenAndTheOperatorMountsItsOwn() {
    RenderedChart chart = render("--set", "mesos.secretRef.name=framework");
    JsonNode pod = chart.podSpec();
    assertTrue(pod.has("automountServiceAccountToken"), "automount must be set explicitly");
    assertFalse(pod.path("automountServiceAccountToken").asBoolean(true));
    assertFalse(chart.only("ServiceAccount").path("automountServiceAccountToken").asBoolean(true));
    assertEquals(Set.of("operator", "evaluator"), names(pod.path("containers")));
    assertFalse(pod.has("initContainers"));

    // Which volumes carry credentials: the projected token and the framework secret.
    Set<String> credentialVolumes = new HashSet<>();
    for (JsonNode volume : pod.path("volumes")) {
      boolean token = false;
      for (JsonNode source : volume.path("projected").path("sources")) {
        token |= source.has("serviceAccountToken") || source.has("secret");
      }
      if (token || volume.has("secret")) {
        credentialVolumes.add(volume.path("name").asText());
      }
    }
    assertEquals(Set.of("kube-api-access", "framework-secret"), credentialVolumes);

    JsonNode evaluator = chart.container("evaluator");
    for (JsonNode mount : evaluator.path("volumeMounts")) {
      assertFalse(credentialVolumes.contains(mount.path("name").asText()), "evaluator mounts " + mount);
      assertFalse(mount.path("mountPath").asText().startsWith("/var/run/secrets"), "evaluator mounts " + mount);
    }
    assertFalse(evaluator.has("env") && evaluator.path("env").toString().contains("secret"));
    assertFalse(evaluator.has("envFrom"));

    JsonNode tokenMount = mount(chart.container("operator"), "kube-api-access");
    assertEquals(TOKEN_DIR, tokenMount.path("mountPath").asText());
    assertTrue(tokenMount.path("readOnly").asBoolean());
    JsonNode projected = volume(pod, "kube-api-access").path("projected").path("sources");
    assertEquals("token", projected.get(0).path("serviceAccountToken").path("path").asText());
    assertEquals("kube-root-ca.crt", projected.get(1).path("configMap").path("name").asText());
    assertEquals("metadata.namespace",
        projected.get(2).path("downwardAPI").path("items").get(0).path("fieldRef").path("fieldPath").asText());

    // The framework secret is a file in the operator container, named by the variable.
    JsonNode secretMount = mount(chart.container("operator"), "framework-secret");
    assertEquals(secretMount.path("mountPath").asText() + "/secret",
        env(chart.container("operator")).get("AURORA_FRAMEWORK_SECRET_FILE"));
    assertEquals("framework", volume(pod, "framework-secret").path("secret").path("secretName").asText());
  }

  @Test
  void bothContainersAreLockedDownWithTheirOwnResourcesAndScratchSpace() {
    RenderedChart chart = render();
    for (String name : List.of("operator", "evaluator")) {
      JsonNode c = chart.container(name);
      JsonNode sc = c.path("securityContext");
      assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
      assertTrue(sc.path("runAsNonRoot").asBoolean(), name);
      assertTrue(sc.has("allowPrivilegeEscalation") && !sc.path("allowPrivilegeEscalation").asBoolean(true), name);
      assertFalse(sc.path("privileged").asBoolean(true), name);
      assertEquals(List.of("ALL"), strings(sc.path("capabilities").path("drop")), name);
      assertFalse(sc.path("capabilities").has("add"), name);
      assertEquals("RuntimeDefault", sc.path("seccompProfile").path("type").asText(), name);
      assertTrue(c.path("resources").path("limits").has("memory"), name + " needs its own memory limit");
      assertTrue(c.path("resources").path("requests").has("cpu"), name);
      JsonNode tmp = mount(c, name + "-tmp");
      assertEquals("/tmp", tmp.path("mountPath").asText());
      assertTrue(volume(chart.podSpec(), name + "-tmp").has("emptyDir"));
    }
    assertNotEquals(chart.container("operator").path("resources"), chart.container("evaluator").path("resources"));
    JsonNode podContext = chart.podSpec().path("securityContext");
    assertTrue(podContext.path("runAsNonRoot").asBoolean());
    assertNotEquals(0, podContext.path("runAsUser").asInt(0));

    // The evaluator's memory limit comes from its own values, not the operator's.
    RenderedChart sized = render("--set", "evaluator.resources.limits.memory=3Gi");
    assertEquals("3Gi", sized.container("evaluator").path("resources").path("limits").path("memory").asText());
    assertEquals("512Mi", sized.container("operator").path("resources").path("limits").path("memory").asText());
  }

  @Test
  void hostNetworkAndExtraEnvironmentAreOffUntilAsked() {
    RenderedChart plain = render();
    assertFalse(plain.podSpec().has("hostNetwork"));
    assertEquals(null, env(plain.container("operator")).get("KUBERNETES_SERVICE_HOST"));

    RenderedChart chart = render("--set", "hostNetwork=true", "--set-json",
        "operator.extraEnv=[{\"name\":\"KUBERNETES_SERVICE_HOST\",\"value\":\"127.0.0.1\"}]");
    assertTrue(chart.podSpec().path("hostNetwork").asBoolean());
    assertEquals("ClusterFirstWithHostNet", chart.podSpec().path("dnsPolicy").asText());
    assertEquals("127.0.0.1", env(chart.container("operator")).get("KUBERNETES_SERVICE_HOST"));
    // Only the operator gets them: the evaluator's environment stays the chart's own.
    assertEquals(null, env(chart.container("evaluator")).get("KUBERNETES_SERVICE_HOST"));
  }

  @Test
  void theEvaluatorServesOnTheSocketTheOperatorIsToldAbout() {
    RenderedChart chart = render();
    JsonNode evaluator = chart.container("evaluator");
    assertEquals(chart.container("operator").path("image"), evaluator.path("image"));
    assertFalse(evaluator.has("command"), "the image's entrypoint is the launcher");
    String socket = env(chart.container("operator")).get("AURORA_EVALUATOR_SOCKET");
    assertEquals("/var/run/aurora-evaluator/evaluator.sock", socket);
    assertEquals(List.of("evaluator", "serve", "--socket", socket, "--pool-size", "2"),
        strings(evaluator.path("args")));
    assertEquals("/var/run/aurora-evaluator", mount(evaluator, "evaluator-socket").path("mountPath").asText());
    assertEquals("/var/run/aurora-evaluator",
        mount(chart.container("operator"), "evaluator-socket").path("mountPath").asText());
    assertTrue(volume(chart.podSpec(), "evaluator-socket").has("emptyDir"));

    RenderedChart limited = render("--set", "evaluator.poolSize=4", "--set", "evaluator.timeLimitSeconds=5",
        "--set", "evaluator.memoryMb=128", "--set", "evaluator.maxOutputBytes=65536");
    assertEquals(List.of("evaluator", "serve", "--socket", socket, "--pool-size", "4", "--time-limit-seconds", "5",
        "--memory-mb", "128", "--max-output-bytes", "65536"), strings(limited.container("evaluator").path("args")));
  }

  /**
   * The evaluator's own parser takes every argument the chart gives it: with a socket it cannot create, it gets past
   * the command line (exit 2 is a usage error) and fails to serve (exit 1).
   */
  @Test
  void theEvaluatorAcceptsTheArgumentsTheChartGivesIt() throws IOException {
    RenderedChart chart = render("--set", "evaluator.poolSize=1", "--set", "evaluator.timeLimitSeconds=5",
        "--set", "evaluator.memoryMb=128", "--set", "evaluator.maxOutputBytes=65536");
    List<String> args = new ArrayList<>(strings(chart.container("evaluator").path("args")));
    assertEquals("evaluator", args.remove(0));
    Path notADirectory = Files.createTempFile("aurora-not-a-directory-", "");
    try {
      args.set(args.indexOf("--socket") + 1, notADirectory.resolve("evaluator.sock").toString());
      assertEquals(1, EvaluatorMain.run(args.toArray(String[]::new)), "arguments: " + args);
      assertEquals(2, EvaluatorMain.run(new String[] {"serve", "--socket", "x", "--pool", "1"}),
          "an unknown flag must be a usage error, or this test proves nothing");
    } finally {
      Files.delete(notADirectory);
    }
  }

  @Test
  void theOperatorGetsItsWholeConfigurationFromTheEnvironment() {
    RenderedChart chart = render();
    JsonNode operator = chart.container("operator");
    assertEquals(List.of("run"), strings(operator.path("args")));
    assertFalse(operator.has("command"));
    Map<String, String> env = env(operator);
    assertEquals(Map.ofEntries(
        Map.entry("AURORA_CLUSTER", "cluster1"),
        Map.entry("AURORA_BACKEND", "mesos"),
        Map.entry("AURORA_MESOS_MASTER", MASTER),
        Map.entry("AURORA_FRAMEWORK_NAME", "aurora-operator"),
        Map.entry("AURORA_FRAMEWORK_ROLE", "*"),
        Map.entry("AURORA_FRAMEWORK_PRINCIPAL", ""),
        Map.entry("AURORA_EXECUTOR_URI", ""),
        Map.entry("AURORA_SETUID", "true"),
        Map.entry("AURORA_ANNOUNCER_SERVERSET_PATH", "/aurora"),
        Map.entry("AURORA_ANNOUNCER_ALLOW_CUSTOM_SERVERSET_PATH", "false"),
        Map.entry("AURORA_NAMESPACE_ROLES", ""),
        Map.entry("AURORA_WATCH_NAMESPACES", ""),
        Map.entry("AURORA_NAMESPACE", "fieldRef:metadata.namespace"),
        Map.entry("AURORA_FRAMEWORK_ID_CONFIGMAP", "aurora-operator-framework"),
        Map.entry("AURORA_LEADER_ELECTION", "false"),
        Map.entry("AURORA_LEASE_NAME", "aurora-operator"),
        Map.entry("AURORA_HTTP_PORT", "8080"),
        Map.entry("AURORA_LOG_LEVEL", "info"),
        Map.entry("AURORA_ALLOWED_CONTAINER_TYPES", "MESOS"),
        Map.entry("AURORA_ALLOW_DOCKER_PARAMETERS", "false"),
        Map.entry("AURORA_ALLOW_CONTAINER_VOLUMES", "false"),
        Map.entry("AURORA_ALLOW_GPU_RESOURCE", "false"),
        Map.entry("AURORA_RECEIVE_REVOCABLE_RESOURCES", "false"),
        Map.entry("AURORA_MIN_REQUIRED_INSTANCES_FOR_SLA_CHECK", "20"),
        Map.entry("AURORA_SLA_AWARE_KILL_NON_PROD", "false"),
        Map.entry("AURORA_EVALUATOR_SOCKET", "/var/run/aurora-evaluator/evaluator.sock")), env);

    RenderedChart configured = RenderedChart.render(helm, "prod", "ops",
        "--set-json", "mesos.master=\"master1:5050,master2:5050\"", "--set", "clusterName=west",
        "--set", "mesos.framework.name=aurora-west", "--set", "mesos.framework.role=aurora",
        "--set", "mesos.framework.principal=aurora-west", "--set", "executor.uri=http://files.internal/executor.tgz",
        "--set-json", "namespaceRoles={\"ns2\":[\"r3\"],\"ns1\":[\"r1\",\"r2\"]}",
        "--set", "watchNamespaces={ns1,ns2}", "--set", "metrics.port=9090", "--set", "logLevel=debug",
        "--set", "frameworkIdConfigMap=west-framework-id",
        "--set", "admission.allowedContainerTypes={MESOS,DOCKER}", "--set", "admission.allowDockerParameters=true",
        "--set", "admission.allowGpuResource=true", "--set", "admission.receiveRevocableResources=true",
        "--set-json", "announcer.ensemble=\"zk1:2181,zk2:2181\"", "--set", "announcer.serversetPath=/services",
        "--set", "announcer.allowCustomServersetPath=true", "--set", "executor.setuid=false");
    Map<String, String> set = env(configured.container("operator"));
    assertEquals("west", set.get("AURORA_CLUSTER"));
    assertEquals("master1:5050,master2:5050", set.get("AURORA_MESOS_MASTER"));
    assertEquals("aurora-west", set.get("AURORA_FRAMEWORK_NAME"));
    assertEquals("aurora", set.get("AURORA_FRAMEWORK_ROLE"));
    assertEquals("aurora-west", set.get("AURORA_FRAMEWORK_PRINCIPAL"));
    assertEquals("http://files.internal/executor.tgz", set.get("AURORA_EXECUTOR_URI"));
    assertEquals("ns1=r1,r2;ns2=r3", set.get("AURORA_NAMESPACE_ROLES"));
    assertEquals("ns1,ns2", set.get("AURORA_WATCH_NAMESPACES"));
    assertEquals("9090", set.get("AURORA_HTTP_PORT"));
    assertEquals("debug", set.get("AURORA_LOG_LEVEL"));
    assertEquals("west-framework-id", set.get("AURORA_FRAMEWORK_ID_CONFIGMAP"));
    assertEquals("prod-aurora-operator", set.get("AURORA_LEASE_NAME"));
    assertFalse(set.containsKey("AURORA_FRAMEWORK_SECRET_FILE"), "no secret configured, no secret file");

    // The operator reads every variable the chart sets, and this environment configures it as the values say.
    set.keySet().forEach(name -> assertTrue(OperatorSettings.readsVariable(name), name + " is read by the operator"));
    Map<String, String> resolved = new java.util.HashMap<>(set);
    resolved.put("AURORA_NAMESPACE", "ops"); // what the downward API gives
    OperatorSettings settings = OperatorSettings.parse(new String[0], resolved);
    assertEquals("west", settings.cluster());
    assertEquals("mesos", settings.backend());
    assertEquals("master1:5050,master2:5050", settings.mesosMaster());
    assertEquals(java.util.Set.of("r1", "r2"), settings.namespacePolicy().rolesFor("ns1"));
    assertEquals(List.of("ns1", "ns2"), settings.watchNamespaces());
    assertEquals("ops", settings.namespace());
    assertEquals(9090, settings.httpPort());
    assertEquals("debug", settings.logLevel());
    assertEquals("west-framework-id", settings.frameworkIdConfigMap());
    assertEquals(java.util.Set.of("MESOS", "DOCKER"), settings.admission().allowedContainerTypes());
    assertTrue(settings.admission().allowDockerParameters());
    assertFalse(settings.admission().allowContainerVolumes());
    assertTrue(settings.admission().allowGpuResource());
    assertTrue(settings.admission().receiveRevocableResources());
    assertEquals("zk1:2181,zk2:2181", settings.announcerEnsemble());
    assertEquals("/services", settings.announcerServersetPath());
    assertTrue(settings.announcerAllowCustomPath());
    assertFalse(settings.setuid());

    // The HTTP port feeds the probes and the metrics Service.
    JsonNode operator9090 = configured.container("operator");
    assertEquals(9090, operator9090.path("ports").get(0).path("containerPort").asInt());
    assertEquals("http", operator9090.path("ports").get(0).path("name").asText());
    assertEquals("/healthz", operator9090.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("/readyz", operator9090.path("readinessProbe").path("httpGet").path("path").asText());
    assertEquals("http", operator9090.path("readinessProbe").path("httpGet").path("port").asText());
    JsonNode service = configured.only("Service");
    assertEquals(9090, service.path("spec").path("ports").get(0).path("port").asInt());
    assertEquals("http", service.path("spec").path("ports").get(0).path("targetPort").asText());
    assertEquals(configured.only("Deployment").path("spec").path("selector").path("matchLabels"),
        service.path("spec").path("selector"));
    assertTrue(render("--set", "metrics.service.enabled=false").ofKind("Service").isEmpty());
  }

  @Test
  void oneReplicaIsRecreatedAndMoreElectALeader() {
    RenderedChart single = render();
    assertEquals("Recreate", single.only("Deployment").path("spec").path("strategy").path("type").asText());
    assertEquals("false", env(single.container("operator")).get("AURORA_LEADER_ELECTION"));

    RenderedChart two = render("--set", "replicaCount=2");
    assertEquals(2, two.only("Deployment").path("spec").path("replicas").asInt());
    assertEquals("RollingUpdate", two.only("Deployment").path("spec").path("strategy").path("type").asText());
    assertEquals("true", env(two.container("operator")).get("AURORA_LEADER_ELECTION"));

    RenderedChart elected = render("--set", "leaderElection.enabled=true");
    assertEquals("RollingUpdate", elected.only("Deployment").path("spec").path("strategy").path("type").asText());
    assertEquals("true", env(elected.container("operator")).get("AURORA_LEADER_ELECTION"));
  }

  @Test
  void rbacIsExactlyTheLeastPrivilegeSet() {
    Set<String> jobRules = Set.of(
        "aurora.dev/aurorajobs[]: get,list,patch,update,watch",
        "aurora.dev/aurorajobs/status[]: get,patch,update",
        "aurora.dev/aurorajobs/finalizers[]: update",
        "aurora.dev/aurorajobstates[]: create,delete,deletecollection,get,list,patch,update,watch",
        "/events[]: create,patch",
        "events.k8s.io/events[]: create,patch");
    Set<String> stateRules = Set.of(
        "/configmaps[]: create",
        "/configmaps[aurora-operator-framework]: get,patch,update");
    Set<String> leaseRules = Set.of(
        "coordination.k8s.io/leases[]: create",
        "coordination.k8s.io/leases[aurora-operator]: get,update");

    RenderedChart chart = render();
    assertEquals(jobRules, rules(chart.only("ClusterRole")));
    assertEquals("aurora-system", chart.only("Role").path("metadata").path("namespace").asText());
    assertEquals(stateRules, rules(chart.only("Role")), "no lease without leader election");
    JsonNode clusterBinding = chart.only("ClusterRoleBinding");
    assertEquals("ClusterRole", clusterBinding.path("roleRef").path("kind").asText());
    assertServiceAccountSubject(clusterBinding, "aurora-system");
    assertEquals("Role", chart.only("RoleBinding").path("roleRef").path("kind").asText());
    assertServiceAccountSubject(chart.only("RoleBinding"), "aurora-system");

    RenderedChart elected = render("--set", "replicaCount=3");
    Set<String> withLease = new TreeSet<>(stateRules);
    withLease.addAll(leaseRules);
    assertEquals(withLease, rules(elected.only("Role")));

    // Watched namespaces: the same job rules, bound in each of them and nowhere else.
    RenderedChart scoped = render("--set", "watchNamespaces={team-a,team-b}");
    assertTrue(scoped.ofKind("ClusterRoleBinding").isEmpty());
    assertEquals(jobRules, rules(scoped.only("ClusterRole")));
    Set<String> bound = new TreeSet<>();
    for (JsonNode binding : scoped.ofKind("RoleBinding")) {
      assertServiceAccountSubject(binding, "aurora-system");
      JsonNode roleRef = binding.path("roleRef");
      bound.add(binding.path("metadata").path("namespace").asText() + ":" + roleRef.path("kind").asText() + "/"
          + roleRef.path("name").asText());
    }
    assertEquals(Set.of("team-a:ClusterRole/aurora-operator", "team-b:ClusterRole/aurora-operator",
        "aurora-system:Role/aurora-operator"), bound);

    // Nothing anywhere grants secrets, pods or wildcards.
    for (RenderedChart c : List.of(chart, elected, scoped)) {
      for (String kind : List.of("ClusterRole", "Role")) {
        for (JsonNode role : c.ofKind(kind)) {
          String text = role.path("rules").toString();
          assertFalse(text.contains("secrets") || text.contains("pods") || text.contains("\"*\""), text);
        }
      }
    }
  }

  static void assertServiceAccountSubject(JsonNode binding, String namespace) {
    JsonNode subjects = binding.path("subjects");
    assertEquals(1, subjects.size(), subjects.toString());
    assertEquals("ServiceAccount", subjects.get(0).path("kind").asText());
    assertEquals("aurora-operator", subjects.get(0).path("name").asText());
    assertEquals(namespace, subjects.get(0).path("namespace").asText());
  }

  /** Each rule as "group/resource[names]: verbs", one entry per group and resource, verbs sorted. */
  static Set<String> rules(JsonNode role) {
    Set<String> rules = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertFalse(rule.has("nonResourceURLs"), rule.toString());
      String names = String.join(",", new TreeSet<>(strings(rule.path("resourceNames"))));
      String verbs = String.join(",", new TreeSet<>(strings(rule.path("verbs"))));
      for (String group : strings(rule.path("apiGroups"))) {
        for (String resource : strings(rule.path("resources"))) {
          assertTrue(rules.add(group + "/" + resource + "[" + names + "]: " + verbs), "duplicate rule " + rule);
        }
      }
    }
    return rules;
  }

  static Set<String> names(JsonNode array) {
    Set<String> names = new HashSet<>();
    array.forEach(n -> names.add(n.path("name").asText()));
    return names;
  }

  static JsonNode mount(JsonNode container, String volume) {
    for (JsonNode m : container.path("volumeMounts")) {
      if (volume.equals(m.path("name").asText())) {
        return m;
      }
    }
    throw new AssertionError(container.path("name").asText() + " does not mount " + volume);
  }

  static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }
}
