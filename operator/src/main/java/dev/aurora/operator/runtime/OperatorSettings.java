package dev.aurora.operator.runtime;

import dev.aurora.operator.reconciler.AdmissionSettings;
import dev.aurora.operator.reconciler.NamespacePolicy;
import dev.aurora.operator.scheduling.SlaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the operator runs, from {@code --flag value} arguments or, for each flag, the environment variable
 * {@code AURORA_<FLAG>} (upper case, dashes as underscores) that the Helm chart sets. Flags win.
 *
 * <p>The executor settings are handed to every executor as Aurora's scheduler configured the Thermos executor:
 * {@code announcerEnsemble} (null: no announcing, jobs with {@code announce} are refused), the ServerSet root
 * {@code announcerServersetPath}, {@code announcerAllowCustomPath} for {@code announce.zk_path}, and {@code setuid}:
 * processes run as the role's user when the executor runs as root. Setuid defaults to on for the mesos backend
 * (Aurora's default, agents run executors as root) and off for the local backend, whose executors run under the
 * operator's own account, where role users need not exist.
 */
public record OperatorSettings(String cluster, String backend, String mesosMaster, String frameworkName,
                               String frameworkRole, String frameworkPrincipal, Path frameworkSecretFile,
                               String executorUri, NamespacePolicy namespacePolicy, List<String> watchNamespaces,
                               String namespace, String frameworkIdConfigMap, boolean leaderElection,
                               String leaseName, int httpPort, String evaluatorSocket, Path localRoot,
                               int evaluatorPoolSize, String logLevel, AdmissionSettings admission,
                               String announcerEnsemble, String announcerServersetPath,
                               boolean announcerAllowCustomPath, boolean setuid, SlaSettings sla) {

  static final List<String> FLAGS = List.of("cluster", "backend", "mesos-master", "framework-name", "framework-role",
      "framework-principal", "framework-secret-file", "executor-uri", "namespace-roles", "watch-namespaces",
      "namespace", "framework-id-configmap", "leader-election", "lease-name", "http-port", "evaluator-socket",
      "local-root", "evaluator-pool-size", "log-level", "announcer-ensemble", "announcer-serverset-path",
      "announcer-allow-custom-serverset-path", "setuid",
      // what jobs may ask for that Aurora's scheduler allowed only by flag (AdmissionSettings)
      "allowed-container-types", "allow-docker-parameters", "allow-container-volumes", "allow-gpu-resource",
      "receive-revocable-resources", "min-required-instances-for-sla-check", "sla-aware-kill-non-prod",
      // SLA-aware updates: Aurora's -sla_aware_kill_retry_min_delay / _max_delay, in seconds
      "sla-aware-kill-retry-min-delay-secs", "sla-aware-kill-retry-max-delay-secs");

  public static OperatorSettings parse(String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (String flag : FLAGS) {
      String fromEnv = env.get("AURORA_" + flag.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(flag, fromEnv.trim());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || !FLAGS.contains(arg.substring(2))) {
        throw new IllegalArgumentException("unknown option '" + arg + "' (options: --" + String.join(", --", FLAGS)
            + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      values.put(arg.substring(2), args[++i]);
    }
    Function<String, String> get = values::get;
    String master = get.apply("mesos-master");
    String backend = values.getOrDefault("backend", master == null ? "local" : "mesos");
    if (!backend.equals("local") && !backend.equals("mesos")) {
      throw new IllegalArgumentException("--backend must be local or mesos, not '" + backend + "'");
    }
    if (backend.equals("mesos") && master == null) {
      throw new IllegalArgumentException("the mesos backend needs --mesos-master (host:port,... or zk://...)");
    }
    String namespace = values.getOrDefault("namespace", env.getOrDefault("POD_NAMESPACE", "default"));
    String secretFile = get.apply("framework-secret-file");
    String watch = values.getOrDefault("watch-namespaces", "");
    String serversetPath = values.getOrDefault("announcer-serverset-path", "/aurora");
    AdmissionSettings admission = AdmissionSettings.parse(get, backend.equals("local"));
    if (!serversetPath.startsWith("/")) {
      throw new IllegalArgumentException("--announcer-serverset-path must be an absolute ZooKeeper path, not '"
          + serversetPath + "'");
    }
    return new OperatorSettings(values.getOrDefault("cluster", "cluster1"), backend, master,
        values.getOrDefault("framework-name", "aurora-operator"), values.getOrDefault("framework-role", "*"),
        get.apply("framework-principal"), secretFile == null ? null : Path.of(secretFile),
        get.apply("executor-uri"), NamespacePolicy.parse(get.apply("namespace-roles")),
        Arrays.stream(watch.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(), namespace,
        values.getOrDefault("framework-id-configmap", "aurora-operator-framework"),
        Boolean.parseBoolean(values.getOrDefault("leader-election", "false")),
        values.getOrDefault("lease-name", "aurora-operator"),
        Integer.parseInt(values.getOrDefault("http-port", "8080")), get.apply("evaluator-socket"),
        Path.of(values.getOrDefault("local-root", System.getProperty("java.io.tmpdir") + "/aurora-local-tasks")),
        Integer.parseInt(values.getOrDefault("evaluator-pool-size", "2")), values.getOrDefault("log-level", "info"),
        admission, get.apply("announcer-ensemble"), serversetPath,
        bool(values, "announcer-allow-custom-serverset-path", false),
        bool(values, "setuid", backend.equals("mesos")), sla(values, admission));
  }

  private static SlaSettings sla(Map<String, String> values, AdmissionSettings admission) {
    SlaSettings defaults = SlaSettings.defaults();
    Duration min = seconds(values, "sla-aware-kill-retry-min-delay-secs", defaults.retryMinDelay());
    Duration max = seconds(values, "sla-aware-kill-retry-max-delay-secs", defaults.retryMaxDelay());
    if (min.isZero() || min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("--sla-aware-kill-retry-min-delay-secs must be positive and "
          + "--sla-aware-kill-retry-max-delay-secs at least as long (" + min.toMillis() / 1000.0 + " s, "
          + max.toMillis() / 1000.0 + " s)");
    }
    return new SlaSettings(admission.minRequiredInstancesForSla(), admission.slaAwareKillNonProd(), min, max,
        defaults.coordinatorTimeout());
  }

  private static Duration seconds(Map<String, String> values, String flag, Duration otherwise) {
    String v = values.get(flag);
    if (v == null) {
      return otherwise;
    }
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + flag + " must be a number of seconds, not '" + v + "'");
    }
  }

  private static boolean bool(Map<String, String> values, String flag, boolean otherwise) {
    String v = values.get(flag);
    if (v == null) {
      return otherwise;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("--" + flag + " must be true or false, not '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  /** Whether {@code name} is one of the {@code AURORA_*} variables the operator reads. */
  public static boolean readsVariable(String name) {
    return FLAGS.stream().anyMatch(f -> name.equals("AURORA_" + f.toUpperCase(Locale.ROOT)
        .replace('-', '_')));
  }
}
