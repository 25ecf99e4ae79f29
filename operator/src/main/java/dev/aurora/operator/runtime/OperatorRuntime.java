package dev.aurora.operator.runtime;

import dev.aurora.backend.Backend;
import dev.aurora.backend.TaskState;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.FrameworkConfig;
import dev.aurora.mesos.MasterDetector;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import dev.aurora.mesos.ZooKeeperMasterDetector;
import dev.aurora.operator.backend.local.LocalBackend;
import dev.aurora.operator.backend.local.LocalBackendSettings;
import dev.aurora.operator.evaluation.CachingEvaluator;
import dev.aurora.operator.evaluation.ConfigEvaluator;
import dev.aurora.operator.evaluation.EvaluationLimits;
import dev.aurora.operator.evaluation.PoolSettings;
import dev.aurora.operator.evaluation.UnixSocketEvaluator;
import dev.aurora.operator.evaluation.WorkerPool;
import dev.aurora.operator.reconciler.AuroraJobReconciler;
import dev.aurora.operator.reconciler.EventRecorder;
import dev.aurora.operator.scheduling.SchedulerSettings;
import dev.aurora.operator.scheduling.JobRecordStore;
import dev.aurora.operator.scheduling.SchedulingCore;
import dev.aurora.operator.store.AuroraJobStateStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: sandboxed evaluator, backend, scheduling core, the AuroraJob controller and the HTTP
 * endpoints, wired from {@link OperatorSettings}. With leader election, the backend and core start only once this
 * replica leads, so one operator at a time talks to Mesos (ARCHITECTURE.md rule 6); losing the lease ends the process.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final OperatorSettings settings;
  private final KubernetesClient client;
  private final CachingEvaluator evaluator;
  private final AuroraJobReconciler reconciler;
  private final AuroraJobReconciler.SchedulingCoreHolder coreHolder = new AuroraJobReconciler.SchedulingCoreHolder();
  private final Function<OperatorSettings, Backend> backendFactory;
  private final SchedulerSettings schedulerSettings;
  private final UnaryOperator<JobRecordStore> storeWrapper;
  private final Operator operator;
  private volatile Backend backend;
  private volatile SchedulingCore core;
  private volatile OperatorHttp http;
  private volatile boolean started;
  private volatile boolean closing;

  public OperatorRuntime(OperatorSettings settings, KubernetesClient client, SchedulerSettings schedulerSettings) {
    this(settings, client, schedulerSettings, null);
  }

  /** {@code backendFactory} replaces the backend the settings name (tests and benchmarks); null for the settings'. */
  public OperatorRuntime(OperatorSettings settings, KubernetesClient client, SchedulerSettings schedulerSettings,
                         Function<OperatorSettings, Backend> backendFactory) {
    this(settings, client, schedulerSettings, backendFactory, null);
  }

  /**
   * As above; {@code storeWrapper}, when not null, wraps the store of the job records (tests that cut a write short,
   * as a crash would).
   */
  public OperatorRuntime(OperatorSettings settings, KubernetesClient client, SchedulerSettings schedulerSettings,
                         Function<OperatorSettings, Backend> backendFactory,
                         UnaryOperator<JobRecordStore> storeWrapper) {
    this.storeWrapper = storeWrapper == null ? UnaryOperator.identity() : storeWrapper;
    this.settings = settings;
    this.client = client;
    this.schedulerSettings = schedulerSettings;
    this.backendFactory = backendFactory != null ? backendFactory : s -> defaultBackend(s, client);
    this.evaluator = new CachingEvaluator(evaluator(settings), 4096);
    this.reconciler = new AuroraJobReconciler(evaluator, coreHolder, settings.cluster(), settings.namespacePolicy(),
        settings.admission(), ExecutorFlags.admission(settings), Clock.systemUTC());
    this.operator = new Operator(o -> {
      o.withKubernetesClient(client);
      o.withCloseClientOnStop(false);
      o.withConcurrentReconciliationThreads(8);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(settings.leaseName())
            .withLeaseNamespace(settings.namespace())
            .withLeaderCallbacks(new LeaderCallbacks(this::startScheduling, this::lostLease,
                id -> LOG.info("leader is {}", id)))
            .withExitOnStopLeading(false)
            .build());
      }
    });
    operator.register(reconciler, c -> {
      if (settings.watchNamespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(new HashSet<>(settings.watchNamespaces()));
      }
    });
  }

  public OperatorRuntime start() {
    if (!settings.leaderElection()) {
      startScheduling();
    }
    try {
      http = new OperatorHttp(settings.httpPort(), this::metrics, () -> true, () -> started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics and probes on port " + settings.httpPort(), e);
    }
    operator.start();
    started = true;
    LOG.info("aurora-operator running cluster '{}' with the {} backend; metrics on :{}", settings.cluster(),
        settings.backend(), http.port());
    return this;
  }

  private synchronized void startScheduling() {
    if (core != null) {
      return;
    }
    backend = backendFactory.apply(settings);
    JobRecordStore store = storeWrapper.apply(new AuroraJobStateStore(client, settings.watchNamespaces()));
    core = new SchedulingCore(backend, store, schedulerSettings.withSla(settings.sla()), reconciler::jobChanged,
        new EventRecorder(client)).start();
    coreHolder.set(core);
  }

  /** A leader that lost its lease must stop talking to Mesos at once: the process ends (a closing one just stops). */
  private void lostLease() {
    if (!closing) {
      LOG.error("lost the leader lease {}; exiting so that only the new leader schedules", settings.leaseName());
      System.exit(1);
    }
  }

  public int httpPort() {
    return http.port();
  }

  public AuroraJobReconciler reconciler() {
    return reconciler;
  }

  public SchedulingCore core() {
    return core;
  }

  /** Stops reconciling and scheduling; tasks keep running for the next operator to adopt. */
  @Override
  public void close() {
    closing = true;
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the controller: {}", e.getMessage());
    }
    if (http != null) {
      http.close();
    }
    if (core != null) {
      core.close();
    }
    if (backend != null) {
      backend.close();
    }
    evaluator.close();
  }

  String metrics() {
    StringBuilder out = new StringBuilder();
    counter(out, "aurora_operator_reconciles_total", "AuroraJob reconciliations.", reconciler.reconciles());
    counter(out, "aurora_operator_status_writes_total", "AuroraJob status patches.", reconciler.statusWrites());
    out.append("# HELP aurora_operator_evaluations_total Config evaluations by whether the cache answered.\n");
    out.append("# TYPE aurora_operator_evaluations_total counter\n");
    out.append("aurora_operator_evaluations_total{result=\"cached\"} ").append(evaluator.hits()).append('\n');
    out.append("aurora_operator_evaluations_total{result=\"evaluated\"} ").append(evaluator.misses()).append('\n');
    SchedulingCore current = core;
    if (current != null) {
      out.append("# HELP aurora_operator_tasks Tasks the operator knows, by Aurora task state.\n");
      out.append("# TYPE aurora_operator_tasks gauge\n");
      Map<TaskState, Integer> counts = current.taskCounts();
      for (TaskState state : TaskState.values()) {
        out.append("aurora_operator_tasks{state=\"").append(state).append("\"} ")
            .append(counts.getOrDefault(state, 0)).append('\n');
      }
      counter(out, "aurora_operator_task_launches_total", "Tasks launched.", current.stats().launched.get());
      counter(out, "aurora_operator_task_kills_total", "Kills requested.", current.stats().killed.get());
      counter(out, "aurora_operator_record_writes_total", "Job records written before acting.",
          current.stats().recordWrites.get());
      counter(out, "aurora_operator_record_write_failures_total", "Job record writes that failed (retried).",
          current.stats().recordWriteFailures.get());
      counter(out, "aurora_operator_acknowledgements_total", "Task updates acknowledged once written.",
          current.stats().acknowledged.get());
      counter(out, "aurora_operator_illegal_transitions_total", "Task reports refused by the state table.",
          current.stats().illegalTransitions.get());
      counter(out, "aurora_operator_preemptions_total", "Tasks preempted to make room for others.",
          current.stats().preempted.get());
      out.append("# HELP aurora_operator_updates_total Rolling updates by outcome.\n");
      out.append("# TYPE aurora_operator_updates_total counter\n");
      current.stats().updateOutcomes().forEach((state, n) ->
          out.append("aurora_operator_updates_total{outcome=\"").append(state).append("\"} ").append(n)
              .append('\n'));
      out.append("# HELP aurora_operator_update_holds_total Updates held: paused, awaiting a pulse, waiting for "
          + "the SLA.\n");
      out.append("# TYPE aurora_operator_update_holds_total counter\n");
      current.stats().updateHolds().forEach((reason, n) ->
          out.append("aurora_operator_update_holds_total{reason=\"").append(reason).append("\"} ").append(n)
              .append('\n'));
      counter(out, "aurora_operator_sla_coordinator_checks_total", "SLA coordinators asked before a kill.",
          current.stats().coordinatorChecks.get());
      counter(out, "aurora_operator_sla_coordinator_refusals_total", "SLA coordinator checks that said no or failed.",
          current.stats().coordinatorRefusals.get());
    }
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static ConfigEvaluator evaluator(OperatorSettings settings) {
    if (settings.evaluatorSocket() != null) {
      return new UnixSocketEvaluator(Path.of(settings.evaluatorSocket()), EvaluationLimits.DEFAULTS,
          Duration.ofSeconds(30));
    }
    return WorkerPool.start(PoolSettings.defaults().withSize(settings.evaluatorPoolSize()));
  }

  private static Backend defaultBackend(OperatorSettings settings, KubernetesClient client) {
    if (settings.backend().equals("local")) {
      return new LocalBackend(LocalBackendSettings.forJar(settings.localRoot(),
          LocalBackendSettings.defaultExecutorJar()).withExecutorFlags(ExecutorFlags.of(settings)));
    }
    ExecutorSettings executor = settings.executorUri() != null ? ExecutorSettings.fetched(settings.executorUri())
        : ExecutorSettings.installed("/usr/share/aurora-operator/" + ExecutorSettings.JAR_NAME);
    executor = executor.withExecutorArgs(ExecutorFlags.of(settings));
    FrameworkConfig.Builder config = FrameworkConfig.builder(executor).name(settings.frameworkName())
        .roles(List.of(settings.frameworkRole()))
        .allowGpus(settings.admission().allowGpuResource())
        .receiveRevocable(settings.admission().receiveRevocableResources())
        .preemptionDelay(settings.preemptionDelay());
    if (settings.frameworkPrincipal() != null) {
      config.credential(settings.frameworkPrincipal(), readSecret(settings.frameworkSecretFile()));
    }
    String master = settings.mesosMaster();
    MasterDetector detector = master.startsWith("zk://")
        ? new ZooKeeperMasterDetector(master, Duration.ofSeconds(10)) : StaticMasterDetector.parse(master);
    return new MesosFramework(config.build(), detector,
        new ConfigMapFrameworkIdStore(client, settings.namespace(), settings.frameworkIdConfigMap()));
  }

  private static String readSecret(Path file) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the framework secret " + file, e);
    }
  }
}
