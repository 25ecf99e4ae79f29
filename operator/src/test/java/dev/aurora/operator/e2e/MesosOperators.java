package dev.aurora.operator.e2e;

import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.FrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.ScriptedExecutors;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.runtime.OperatorSettings;
import dev.aurora.operator.scheduling.JobRecordStore;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator wired to the in-test Mesos master, for the end-to-end test and the scale benchmark: the real
 * {@link OperatorRuntime} whose backend is a real {@link MesosFramework} subscribed to a {@link FakeMesosCluster}.
 */
public final class MesosOperators {
  private MesosOperators() {
  }

  /** An in-test master whose agents run every task it is given (scripted executors that report RUNNING). */
  public static FakeMesosCluster scriptedCluster(AgentSpec... agents) throws java.io.IOException {
    ScriptedExecutors executors = ScriptedExecutors.running();
    FakeMesosCluster cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors);
    executors.attach(cluster);
    for (AgentSpec agent : agents) {
      cluster.addAgent(agent);
    }
    return cluster;
  }

  /** Installs the AuroraJob CRD as {@code up} does and waits until the API server serves it. */
  public static void installCrd(KubernetesClient client) {
    AuroraJobCrd.install(client);
  }

  public static void createNamespace(KubernetesClient client, String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
  }

  /**
   * Framework settings with short timers (re-subscription back-off, reconciliation, kill escalation) so that tests do
   * not wait for production defaults. The simulated agents never run the executor command, so any path will do.
   */
  public static FrameworkConfig fastFramework() {
    return FrameworkConfig.builder(ExecutorSettings.installed("/opt/aurora/" + ExecutorSettings.JAR_NAME))
        .user(System.getProperty("user.name", "root")).backoff(Duration.ofMillis(50), Duration.ofMillis(400))
        .heartbeatMisses(3).reconcile(Duration.ofSeconds(2), Duration.ofMillis(300))
        .killEscalation(Duration.ofSeconds(1)).declineRefuseSeconds(0.2).build();
  }

  /**
   * An operator (not yet started) on the cluster's masters with the given framework id store; {@code extraArgs}
   * are further operator flags (e.g. {@code --watch-namespaces}; {@code --preemption-delay} reaches the framework as
   * in production).
   */
  public static OperatorRuntime operator(KubernetesClient client, FakeMesosCluster cluster, FrameworkConfig framework,
                                         FrameworkIdStore ids, SchedulerSettings scheduler, String... extraArgs) {
    return operator(client, cluster, framework, ids, scheduler, null, extraArgs);
  }

  /** As above, with the job records' store wrapped (null: as it is). */
  public static OperatorRuntime operator(KubernetesClient client, FakeMesosCluster cluster, FrameworkConfig framework,
                                         FrameworkIdStore ids, SchedulerSettings scheduler,
                                         java.util.function.UnaryOperator<JobRecordStore> storeWrapper,
                                         String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--backend", "mesos", "--mesos-master",
        cluster.leaderUrl().getAuthority(), "--http-port", "0"));
    args.addAll(List.of(extraArgs));
    OperatorSettings settings = OperatorSettings.parse(args.toArray(String[]::new), Map.of());
    return new OperatorRuntime(settings, client, scheduler,
        s -> new MesosFramework(framework.withPreemptionDelay(settings.preemptionDelay()),
            new StaticMasterDetector(cluster.masterUrls()), ids), storeWrapper);
  }
}
