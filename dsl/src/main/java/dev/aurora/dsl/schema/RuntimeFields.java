package dev.aurora.dsl.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens at run time to every field of Aurora's job schema, as data: the README's table "Aurora fields at run
 * time" is rendered from it ({@link #markdownTable()}) and a test walks {@link AuroraSchema#MESOS_JOB} to make sure no
 * field is missing. Each field is either honoured (how), honoured only when an operator setting allows it (which),
 * or refused (why). The checks themselves live where a job is admitted (the operator's {@code FieldAdmission}) and in
 * the scheduler checks of evaluation.
 */
public final class RuntimeFields {
  private RuntimeFields() {
  }

  public enum Treatment {
    /** Acted on as Aurora did (or, for fields Aurora itself never acted on, documented as such). */
    HONOURED,
    /** Honoured, but refused unless the named operator setting allows it (Aurora's scheduler defaults). */
    ALLOWED_BY_SETTING,
    /**
     * Refused when set to anything but its default: the operator cannot yet do what Aurora did with it (a setting,
     * if named, is needed as well, as in Aurora).
     */
    REFUSED
  }

  /** {@code field} is {@code Struct.field}, e.g. {@code MesosJob.tier}. */
  public record Entry(String field, Treatment treatment, String what, String setting) {}

  // Operator settings (flags; AURORA_* variables; chart values) that allow fields Aurora's scheduler allowed by flag.
  public static final String ALLOWED_CONTAINER_TYPES = "--allowed-container-types";
  public static final String ALLOW_DOCKER_PARAMETERS = "--allow-docker-parameters";
  public static final String ALLOW_CONTAINER_VOLUMES = "--allow-container-volumes";
  public static final String ALLOW_GPU_RESOURCE = "--allow-gpu-resource";
  public static final String RECEIVE_REVOCABLE_RESOURCES = "--receive-revocable-resources";
  public static final String MIN_REQUIRED_INSTANCES_FOR_SLA_CHECK = "--min-required-instances-for-sla-check";
  public static final String SLA_AWARE_KILL_NON_PROD = "--sla-aware-kill-non-prod";
  // The Announcer's settings (the operator's announcer work owns them; named here for the table).
  public static final String ANNOUNCER_ENSEMBLE = "--announcer-ensemble";
  public static final String ANNOUNCER_ALLOW_CUSTOM_SERVERSET_PATH = "--announcer-allow-custom-serverset-path";

  private static final Map<String, Entry> ENTRIES = build();

  private static Map<String, Entry> build() {
    Map<String, Entry> e = new LinkedHashMap<>();
    // MesosJob
    honoured(e, "MesosJob.name", "job key; names the tasks (`role/environment/name`)");
    honoured(e, "MesosJob.role", "job key; must be a role the namespace may use (`--namespace-roles`)");
    honoured(e, "MesosJob.contact", "kept in the executor's job document; Aurora only displayed it in its UI");
    honoured(e, "MesosJob.cluster", "only jobs for the operator's `--cluster` are run");
    honoured(e, "MesosJob.environment", "job key; checked against Aurora's default pattern");
    honoured(e, "MesosJob.instances", "instance count; changes roll through `update_config`");
    honoured(e, "MesosJob.task", "what every instance runs (see Task)");
    setting(e, "MesosJob.announce", "the executor makes each instance a ServerSet member in ZooKeeper; refused "
        + "when the operator has no ensemble", ANNOUNCER_ENSEMBLE);
    honoured(e, "MesosJob.tier", "Mesos label `org.apache.aurora.tier`; `preferred`/`preemptible` run on firm "
        + "resources, `revocable` only on revocable CPUs (refused without " + RECEIVE_REVOCABLE_RESOURCES
        + ", where it could never be placed, and on the local backend)");
    honoured(e, "MesosJob.cron_schedule", "cron runs, in GMT (Aurora's default `-cron_timezone`)");
    honoured(e, "MesosJob.cron_collision_policy", "KILL_EXISTING and CANCEL_NEW; RUN_OVERLAP refused as Aurora did");
    honoured(e, "MesosJob.update_config", "rolling updates (see UpdateConfig)");
    honoured(e, "MesosJob.constraints", "value, `limit:N` and `dedicated` placement constraints on agent attributes");
    honoured(e, "MesosJob.metadata", "Mesos labels `org.apache.aurora.metadata.<key>` on every task");
    honoured(e, "MesosJob.service", "service instances are always replaced; batch instances settle when finished");
    honoured(e, "MesosJob.max_task_failures", "failed batch tasks retried up to this many (-1: forever)");
    honoured(e, "MesosJob.production", "picks the tier when `tier` is unset (`preferred`), as Aurora's client did");
    refused(e, "MesosJob.priority", "refused when > 0: Aurora used it only to preempt lower-priority tasks of the "
        + "role, and this operator does not preempt yet");
    honoured(e, "MesosJob.health_check_config", "the executor's HTTP or shell health checks (see HealthCheckConfig)");
    honoured(e, "MesosJob.lifecycle", "graceful shutdown endpoints called by the executor");
    honoured(e, "MesosJob.task_links", "no effect, as in Aurora, whose client always sent `{}` (AURORA-739)");
    honoured(e, "MesosJob.executor_config", "only `AuroraExecutor` (our executor); another name is refused "
        + "(\"Configuration for executor 'x' doesn't exist.\")");
    honoured(e, "MesosJob.enable_hooks", "no effect: hooks were plugins of Aurora's command-line client, and an "
        + "operator runs no client");
    honoured(e, "MesosJob.partition_policy", "a task on an unreachable agent is PARTITIONED, replaced after "
        + "`delay_secs` (at once without a policy), never with `reschedule=False`");
    setting(e, "MesosJob.sla_policy", "SLA-aware updates take an instance down only while the policy holds (Count "
        + "and Percentage checked over the job's tasks, Coordinator asked over HTTP); production tiers only unless `"
        + SLA_AWARE_KILL_NON_PROD + "`; Count/Percentage need at least that many instances (Aurora's default 20)",
        MIN_REQUIRED_INSTANCES_FOR_SLA_CHECK);
    setting(e, "MesosJob.container", "the Mesos container's ContainerInfo, as Aurora's task factory built it; "
        + "`Docker` needs DOCKER in the allowed types (default MESOS only); refused on the local backend",
        ALLOWED_CONTAINER_TYPES);
    // Task
    honoured(e, "Task.name", "the task's name in the executor");
    honoured(e, "Task.processes", "run by the executor as Thermos ran them");
    honoured(e, "Task.constraints", "process ordering in the executor");
    honoured(e, "Task.resources", "Mesos `cpus`, `mem`, `disk` (bytes floored to MiB) and `gpus`");
    honoured(e, "Task.max_failures", "failed processes before the task fails (executor)");
    honoured(e, "Task.max_concurrency", "processes running at once (executor)");
    honoured(e, "Task.finalization_wait", "seconds given to finalizing processes (executor)");
    honoured(e, "Task.user", "no effect, as in Aurora (MESOS-3546: never used)");
    // Process
    honoured(e, "Process.cmdline", "run with bash by the executor, placement references bound");
    honoured(e, "Process.name", "process name; ordering and logs");
    honoured(e, "Process.resources", "no effect, as in Aurora: only Task.resources reaches the scheduler");
    honoured(e, "Process.max_failures", "process retries (executor)");
    honoured(e, "Process.daemon", "daemon processes are restarted after success (executor)");
    honoured(e, "Process.ephemeral", "the task does not wait for ephemeral processes (executor)");
    honoured(e, "Process.min_duration", "minimum seconds between runs (executor)");
    honoured(e, "Process.final", "final processes run at teardown (executor)");
    honoured(e, "Process.logger", "process output destination and rotation (executor)");
    honoured(e, "Resources.cpu", "Mesos `cpus` (revocable CPUs for the revocable tier)");
    honoured(e, "Resources.ram", "Mesos `mem`, bytes floored to MiB");
    honoured(e, "Resources.disk", "Mesos `disk`, bytes floored to MiB; the executor enforces it");
    setting(e, "Resources.gpu", "Mesos `gpus` resource, with the GPU_RESOURCES capability; refused on the local "
        + "backend", ALLOW_GPU_RESOURCE);
    honoured(e, "Constraint.order", "process ordering (executor)");
    honoured(e, "Logger.destination", "file, console, both or none (executor)");
    honoured(e, "Logger.mode", "standard or rotate (executor)");
    honoured(e, "Logger.rotate", "rotation policy (executor)");
    honoured(e, "RotatePolicy.log_size", "rotation size (executor)");
    honoured(e, "RotatePolicy.backups", "rotated files kept (executor)");
    // Announcer
    honoured(e, "Announcer.primary_port", "the port announced as the serverset endpoint (Announcer)");
    honoured(e, "Announcer.portmap", "port aliases resolved by the executor; announced ports (Announcer)");
    setting(e, "Announcer.zk_path", "a custom ServerSet path", ANNOUNCER_ALLOW_CUSTOM_SERVERSET_PATH);
    // UpdateConfig
    honoured(e, "UpdateConfig.batch_size", "instances updated at once");
    honoured(e, "UpdateConfig.watch_secs", "seconds an updated instance must stay RUNNING");
    honoured(e, "UpdateConfig.max_per_shard_failures", "retries per instance during an update");
    honoured(e, "UpdateConfig.max_total_failures", "failed instances before the update fails");
    honoured(e, "UpdateConfig.rollback_on_failure", "a failed update rolls back");
    honoured(e, "UpdateConfig.wait_for_batch_completion", "batch strategy instead of a queue");
    honoured(e, "UpdateConfig.pulse_interval_secs", "the update waits (AWAITING_PULSE) unless `spec.update.pulse` "
        + "changed within the interval (`kubectl aurora update pulse`); at least 60");
    honoured(e, "UpdateConfig.sla_aware", "instances are taken down only while the job's `sla_policy` holds; "
        + "failed checks are retried after 1 to 5 minutes");
    honoured(e, "UpdateConfig.update_strategy", "Queue, Batch or VariableBatch strategy");
    honoured(e, "QueueUpdateStrategy.batch_size", "instances in flight");
    honoured(e, "BatchUpdateStrategy.batch_size", "instances per batch");
    honoured(e, "BatchUpdateStrategy.autopause_after_batch", "the update pauses after each batch "
        + "(ROLL_FORWARD_PAUSED) until a new `spec.update.resume` (`kubectl aurora update resume`)");
    honoured(e, "VariableBatchUpdateStrategy.batch_sizes", "batch sizes, the last one repeating");
    honoured(e, "VariableBatchUpdateStrategy.autopause_after_batch", "as for BatchUpdateStrategy");
    // Health checks and lifecycle (executor)
    honoured(e, "HealthCheckConfig.health_checker", "HTTP or shell checker (executor)");
    honoured(e, "HealthCheckConfig.initial_interval_secs", "grace period before failures count (executor)");
    honoured(e, "HealthCheckConfig.interval_secs", "seconds between checks (executor)");
    honoured(e, "HealthCheckConfig.max_consecutive_failures", "failures before the task is killed (executor)");
    honoured(e, "HealthCheckConfig.min_consecutive_successes", "successes before the task is RUNNING (executor)");
    honoured(e, "HealthCheckConfig.timeout_secs", "check timeout (executor)");
    honoured(e, "HealthCheckerConfig.http", "HTTP health check (executor)");
    honoured(e, "HealthCheckerConfig.shell", "shell health check (executor)");
    honoured(e, "HttpHealthChecker.endpoint", "path checked (executor)");
    honoured(e, "HttpHealthChecker.expected_response", "body expected (executor)");
    honoured(e, "HttpHealthChecker.expected_response_code", "status expected, 0 for the body check (executor)");
    honoured(e, "ShellHealthChecker.shell_command", "command run (executor)");
    honoured(e, "LifecycleConfig.http", "graceful shutdown over HTTP (executor)");
    honoured(e, "HttpLifecycleConfig.port", "named port called (executor)");
    honoured(e, "HttpLifecycleConfig.graceful_shutdown_endpoint", "called first at shutdown (executor)");
    honoured(e, "HttpLifecycleConfig.shutdown_endpoint", "called next at shutdown (executor)");
    honoured(e, "HttpLifecycleConfig.graceful_shutdown_wait_secs", "wait after the first call (executor)");
    honoured(e, "HttpLifecycleConfig.shutdown_wait_secs", "wait after the second call (executor)");
    honoured(e, "ExecutorConfig.name", "must be `AuroraExecutor`, as above");
    honoured(e, "ExecutorConfig.data", "replaced by the job itself for `AuroraExecutor`, as Aurora's client did");
    honoured(e, "PartitionPolicy.reschedule", "False: a partitioned task is never replaced");
    honoured(e, "PartitionPolicy.delay_secs", "seconds a partitioned task is kept before it is replaced");
    honoured(e, "Metadata.key", "label `org.apache.aurora.metadata.<key>`");
    honoured(e, "Metadata.value", "the label's value");
    honoured(e, "CoordinatorSlaPolicy.coordinator_url", "POSTed `?task=<cluster/role/env/name/instance>` with the "
        + "task as JSON before each kill, as Aurora did");
    honoured(e, "CoordinatorSlaPolicy.status_key", "the answer's boolean that allows the kill (default `drain`)");
    honoured(e, "CountSlaPolicy.count", "instances that must stay RUNNING for `duration_secs`");
    honoured(e, "CountSlaPolicy.duration_secs", "how long an instance must have run to count (at most 7200)");
    honoured(e, "PercentageSlaPolicy.percentage", "share of instances that must stay RUNNING for `duration_secs`");
    honoured(e, "PercentageSlaPolicy.duration_secs", "as for CountSlaPolicy");
    // Containers
    setting(e, "Container.docker", "deprecated form of `Docker`, same treatment", ALLOWED_CONTAINER_TYPES);
    setting(e, "Docker.image", "the executor runs in this Docker image (DOCKER ContainerInfo on the executor), so "
        + "the image must provide `java` for it", ALLOWED_CONTAINER_TYPES);
    setting(e, "Docker.parameters", "passed to Docker as DockerInfo parameters", ALLOW_DOCKER_PARAMETERS);
    setting(e, "Parameter.name", "Docker parameter key", ALLOW_DOCKER_PARAMETERS);
    setting(e, "Parameter.value", "Docker parameter value", ALLOW_DOCKER_PARAMETERS);
    refused(e, "Mesos.image", "refused: Aurora mounted the image at `taskfs` and Thermos entered it to run each "
        + "process; our executor cannot enter an image yet (use `Docker`)");
    put(e, new Entry("Mesos.volumes", Treatment.REFUSED, "refused: they need the setting, as in Aurora, and Aurora "
        + "mounted them only into a Mesos image's filesystem, which is refused (see `Mesos.image`)",
        ALLOW_CONTAINER_VOLUMES));
    refused(e, "AppcImage.name", "refused with `Mesos.image`");
    refused(e, "AppcImage.image_id", "refused with `Mesos.image`");
    refused(e, "DockerImage.name", "refused with `Mesos.image`");
    refused(e, "DockerImage.tag", "refused with `Mesos.image`");
    refused(e, "Volume.container_path", "refused with `Mesos.volumes`");
    refused(e, "Volume.host_path", "refused with `Mesos.volumes`");
    refused(e, "Volume.mode", "refused with `Mesos.volumes`");
    return Collections.unmodifiableMap(e);
  }

  private static void honoured(Map<String, Entry> e, String field, String how) {
    put(e, new Entry(field, Treatment.HONOURED, how, null));
  }

  private static void setting(Map<String, Entry> e, String field, String how, String setting) {
    put(e, new Entry(field, Treatment.ALLOWED_BY_SETTING, how, setting));
  }

  private static void refused(Map<String, Entry> e, String field, String why) {
    put(e, new Entry(field, Treatment.REFUSED, why, null));
  }

  private static void put(Map<String, Entry> e, Entry entry) {
    if (e.put(entry.field(), entry) != null) {
      throw new IllegalStateException("listed twice: " + entry.field());
    }
  }

  public static Map<String, Entry> entries() {
    return ENTRIES;
  }

  public static Entry of(String field) {
    Entry entry = ENTRIES.get(field);
    if (entry == null) {
      throw new IllegalArgumentException("no run-time treatment listed for " + field);
    }
    return entry;
  }

  /** The README table, one row per field, in schema order. */
  public static String markdownTable() {
    List<String> rows = new ArrayList<>();
    rows.add("| Field | At run time | How, or why not | Operator setting |");
    rows.add("|---|---|---|---|");
    for (Entry entry : ENTRIES.values()) {
      String treatment = switch (entry.treatment()) {
        case HONOURED -> "honoured";
        case ALLOWED_BY_SETTING -> "honoured if allowed";
        case REFUSED -> "refused";
      };
      rows.add("| `" + entry.field() + "` | " + treatment + " | " + entry.what().replace("|", "\\|") + " | "
          + (entry.setting() == null ? "" : "`" + entry.setting() + "`") + " |");
    }
    return String.join("\n", rows) + "\n";
  }
}
