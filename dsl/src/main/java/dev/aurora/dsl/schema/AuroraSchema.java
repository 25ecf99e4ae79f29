package dev.aurora.dsl.schema;

import static dev.aurora.dsl.pystachio.ScalarType.BOOLEAN;
import static dev.aurora.dsl.pystachio.ScalarType.FLOAT;
import static dev.aurora.dsl.pystachio.ScalarType.INTEGER;
import static dev.aurora.dsl.pystachio.ScalarType.STRING;
import static dev.aurora.dsl.schema.ThermosSchema.TASK;

import dev.aurora.dsl.pystachio.ChoiceType;
import dev.aurora.dsl.pystachio.EnumType;
import dev.aurora.dsl.pystachio.ListType;
import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.StructType;
import dev.aurora.dsl.pystachio.StructValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aurora's job schema (AURORA.md §1.2: {@code aurora/config/schema/base.py}) on top of {@link ThermosSchema}, and
 * the table of schema names a {@code .aurora} file sees without imports ({@link #globals()}).
 */
public final class AuroraSchema {
  private AuroraSchema() {}

  public static final String AURORA_EXECUTOR_NAME = "AuroraExecutor";

  public static final StructType MESOS_CONTEXT = Fields.struct()
      .req("instance", INTEGER)
      .req("hostname", STRING)
      .named("MesosContext");

  public static final StructType UPDATE_STRATEGY_QUEUE = Fields.struct()
      .def("batch_size", INTEGER, 1L)
      .named("QueueUpdateStrategy");

  public static final StructType UPDATE_STRATEGY_BATCH = Fields.struct()
      .def("batch_size", INTEGER, 1L)
      .def("autopause_after_batch", BOOLEAN, false)
      .named("BatchUpdateStrategy");

  public static final StructType UPDATE_STRATEGY_VARIABLE_BATCH = Fields.struct()
      .req("batch_sizes", ListType.of(INTEGER))
      .def("autopause_after_batch", BOOLEAN, false)
      .named("VariableBatchUpdateStrategy");

  public static final StructType UPDATE_CONFIG = Fields.struct()
      .def("batch_size", INTEGER, 1L)
      .def("watch_secs", INTEGER, 45L)
      .def("max_per_shard_failures", INTEGER, 0L)
      .def("max_total_failures", INTEGER, 0L)
      .def("rollback_on_failure", BOOLEAN, true)
      .def("wait_for_batch_completion", BOOLEAN, false)
      .opt("pulse_interval_secs", INTEGER)
      .def("sla_aware", BOOLEAN, false)
      .opt("update_strategy", ChoiceType.of(
          List.of(UPDATE_STRATEGY_QUEUE, UPDATE_STRATEGY_BATCH, UPDATE_STRATEGY_VARIABLE_BATCH)))
      .named("UpdateConfig");

  public static final StructType HTTP_HEALTH_CHECKER = Fields.struct()
      .def("endpoint", STRING, "/health")
      .def("expected_response", STRING, "ok")
      .def("expected_response_code", INTEGER, 0L)
      .named("HttpHealthChecker");

  public static final StructType SHELL_HEALTH_CHECKER = Fields.struct()
      .req("shell_command", STRING)
      .named("ShellHealthChecker");

  public static final StructType HEALTH_CHECKER_CONFIG = Fields.struct()
      .opt("http", HTTP_HEALTH_CHECKER)
      .opt("shell", SHELL_HEALTH_CHECKER)
      .named("HealthCheckerConfig");

  /** {@code HealthCheckerConfig(http=HttpHealthChecker())}. */
  public static final StructValue DEFAULT_HEALTH_CHECKER =
      HEALTH_CHECKER_CONFIG.construct(List.of(), Map.of("http", HTTP_HEALTH_CHECKER.construct(List.of(), Map.of())));

  public static final StructType HEALTH_CHECK_CONFIG = Fields.struct()
      .def("health_checker", HEALTH_CHECKER_CONFIG, DEFAULT_HEALTH_CHECKER)
      .def("initial_interval_secs", FLOAT, 15.0)
      .def("interval_secs", FLOAT, 10.0)
      .def("max_consecutive_failures", INTEGER, 0L)
      .def("min_consecutive_successes", INTEGER, 1L)
      .def("timeout_secs", FLOAT, 1.0)
      .named("HealthCheckConfig");

  public static final StructType HTTP_LIFECYCLE_CONFIG = Fields.struct()
      .def("port", STRING, "health")
      .def("graceful_shutdown_endpoint", STRING, "/quitquitquit")
      .def("shutdown_endpoint", STRING, "/abortabortabort")
      .def("graceful_shutdown_wait_secs", INTEGER, 5L)
      .def("shutdown_wait_secs", INTEGER, 5L)
      .named("HttpLifecycleConfig");

  public static final StructType LIFECYCLE_CONFIG = Fields.struct()
      .opt("http", HTTP_LIFECYCLE_CONFIG)
      .named("LifecycleConfig");

  /** {@code LifecycleConfig()}: no graceful-shutdown endpoints. */
  public static final StructValue DISABLE_LIFECYCLE = LIFECYCLE_CONFIG.construct(List.of(), Map.of());

  /** {@code LifecycleConfig(http=HttpLifecycleConfig())}. */
  public static final StructValue DEFAULT_LIFECYCLE_CONFIG =
      LIFECYCLE_CONFIG.construct(List.of(), Map.of("http", HTTP_LIFECYCLE_CONFIG.construct(List.of(), Map.of())));

  public static final StructType ANNOUNCER = Fields.struct()
      .def("primary_port", STRING, "http")
      .def("portmap", MapType.of(STRING, STRING), Map.of("aurora", "{{primary_port}}"))
      .opt("zk_path", STRING)
      .named("Announcer");

  public static final StructType PARAMETER = Fields.struct()
      .req("name", STRING)
      .req("value", STRING)
      .named("Parameter");

  public static final StructType DOCKER = Fields.struct()
      .req("image", STRING)
      .def("parameters", ListType.of(PARAMETER), List.of())
      .named("Docker");

  public static final StructType APPC_IMAGE = Fields.struct()
      .req("name", STRING)
      .req("image_id", STRING)
      .named("AppcImage");

  public static final StructType DOCKER_IMAGE = Fields.struct()
      .req("name", STRING)
      .req("tag", STRING)
      .named("DockerImage");

  public static final EnumType MODE = EnumType.named("Mode", List.of("RO", "RW"));

  public static final StructType VOLUME = Fields.struct()
      .req("container_path", STRING)
      .req("host_path", STRING)
      .req("mode", MODE)
      .named("Volume");

  public static final StructType MESOS = Fields.struct()
      .opt("image", ChoiceType.of(List.of(APPC_IMAGE, DOCKER_IMAGE)))
      .def("volumes", ListType.of(VOLUME), List.of())
      .named("Mesos");

  public static final StructType CONTAINER = Fields.struct()
      .opt("docker", DOCKER)
      .named("Container");

  public static final StructType PARTITION_POLICY = Fields.struct()
      .def("reschedule", BOOLEAN, true)
      .def("delay_secs", INTEGER, 0L)
      .named("PartitionPolicy");

  public static final StructType METADATA = Fields.struct()
      .req("key", STRING)
      .req("value", STRING)
      .named("Metadata");

  public static final StructType EXECUTOR_CONFIG = Fields.struct()
      .def("name", STRING, AURORA_EXECUTOR_NAME)
      .def("data", STRING, "")
      .named("ExecutorConfig");

  public static final StructType PERCENTAGE_SLA_POLICY = Fields.struct()
      .req("percentage", FLOAT)
      .req("duration_secs", INTEGER)
      .named("PercentageSlaPolicy");

  public static final StructType COUNT_SLA_POLICY = Fields.struct()
      .req("count", INTEGER)
      .req("duration_secs", INTEGER)
      .named("CountSlaPolicy");

  public static final StructType COORDINATOR_SLA_POLICY = Fields.struct()
      .req("coordinator_url", STRING)
      .def("status_key", STRING, "drain")
      .named("CoordinatorSlaPolicy");

  /** Aurora's {@code MesosJob}; the schema binds it as {@code Job} too, so messages say {@code MesosJob[...]}. */
  public static final StructType MESOS_JOB = Fields.struct()
      .def("name", STRING, "{{task.name}}")
      .req("role", STRING)
      .opt("contact", STRING)
      .req("cluster", STRING)
      .req("environment", STRING)
      .def("instances", INTEGER, 1L)
      .req("task", TASK)
      .opt("announce", ANNOUNCER)
      .opt("tier", STRING)
      .opt("cron_schedule", STRING)
      .def("cron_collision_policy", STRING, "KILL_EXISTING")
      .def("update_config", UPDATE_CONFIG, UPDATE_CONFIG.construct(List.of(), Map.of()))
      .opt("constraints", MapType.of(STRING, STRING))
      .def("metadata", ListType.of(METADATA), List.of())
      .def("service", BOOLEAN, false)
      .def("max_task_failures", INTEGER, 1L)
      .def("production", BOOLEAN, false)
      .def("priority", INTEGER, 0L)
      .def("health_check_config", HEALTH_CHECK_CONFIG, HEALTH_CHECK_CONFIG.construct(List.of(), Map.of()))
      .def("lifecycle", LIFECYCLE_CONFIG, DEFAULT_LIFECYCLE_CONFIG)
      .opt("task_links", MapType.of(STRING, STRING))
      .def("executor_config", EXECUTOR_CONFIG, EXECUTOR_CONFIG.construct(List.of(), Map.of()))
      .def("enable_hooks", BOOLEAN, false)
      .opt("partition_policy", PARTITION_POLICY)
      .opt("sla_policy", ChoiceType.of(List.of(COORDINATOR_SLA_POLICY, COUNT_SLA_POLICY, PERCENTAGE_SLA_POLICY)))
      .opt("container", ChoiceType.of(List.of(CONTAINER, DOCKER, MESOS)))
      .named("MesosJob");

  /** {@code Job(service=True)}: an instance used as a template, {@code Service(...)} is a struct call. */
  public static final StructValue SERVICE = MESOS_JOB.construct(List.of(), Map.of("service", true));

  public static final StructType MESOS_TASK_INSTANCE = Fields.struct()
      .req("task", TASK)
      .req("instance", INTEGER)
      .req("role", STRING)
      .opt("announce", ANNOUNCER)
      .req("environment", STRING)
      .def("health_check_config", HEALTH_CHECK_CONFIG, HEALTH_CHECK_CONFIG.construct(List.of(), Map.of()))
      .opt("lifecycle", LIFECYCLE_CONFIG)
      .named("MesosTaskInstance");

  private static final Map<String, Object> GLOBALS = buildGlobals();

  private static Map<String, Object> buildGlobals() {
    Map<String, Object> g = new LinkedHashMap<>();
    ThermosSchema.register(g);
    g.put("AURORA_EXECUTOR_NAME", AURORA_EXECUTOR_NAME);
    g.put("MesosContext", MESOS_CONTEXT);
    g.put("QueueUpdateStrategy", UPDATE_STRATEGY_QUEUE);
    g.put("BatchUpdateStrategy", UPDATE_STRATEGY_BATCH);
    g.put("VariableBatchUpdateStrategy", UPDATE_STRATEGY_VARIABLE_BATCH);
    g.put("UpdateConfig", UPDATE_CONFIG);
    g.put("HttpHealthChecker", HTTP_HEALTH_CHECKER);
    g.put("ShellHealthChecker", SHELL_HEALTH_CHECKER);
    g.put("HealthCheckerConfig", HEALTH_CHECKER_CONFIG);
    g.put("DefaultHealthChecker", DEFAULT_HEALTH_CHECKER);
    g.put("HealthCheckConfig", HEALTH_CHECK_CONFIG);
    g.put("HttpLifecycleConfig", HTTP_LIFECYCLE_CONFIG);
    g.put("LifecycleConfig", LIFECYCLE_CONFIG);
    g.put("DisableLifecycle", DISABLE_LIFECYCLE);
    g.put("DefaultLifecycleConfig", DEFAULT_LIFECYCLE_CONFIG);
    g.put("Announcer", ANNOUNCER);
    g.put("Parameter", PARAMETER);
    g.put("Docker", DOCKER);
    g.put("AppcImage", APPC_IMAGE);
    g.put("DockerImage", DOCKER_IMAGE);
    g.put("Mode", MODE);
    g.put("Volume", VOLUME);
    g.put("Mesos", MESOS);
    g.put("Container", CONTAINER);
    g.put("PartitionPolicy", PARTITION_POLICY);
    g.put("Metadata", METADATA);
    g.put("ExecutorConfig", EXECUTOR_CONFIG);
    g.put("PercentageSlaPolicy", PERCENTAGE_SLA_POLICY);
    g.put("CountSlaPolicy", COUNT_SLA_POLICY);
    g.put("CoordinatorSlaPolicy", COORDINATOR_SLA_POLICY);
    g.put("MesosJob", MESOS_JOB);
    g.put("Job", MESOS_JOB);
    g.put("Service", SERVICE);
    g.put("MesosTaskInstance", MESOS_TASK_INSTANCE);
    return Collections.unmodifiableMap(g);
  }

  /**
   * Every schema name a {@code .aurora} file sees (types, template instances such as {@code Service}, unit
   * constants, {@code AURORA_EXECUTOR_NAME}). Pystachio's own names (String, Struct, ...) and the helpers
   * (order, Tasks, ...) are the Python side's to add.
   */
  public static Map<String, Object> globals() {
    return GLOBALS;
  }

  /** The named schema type, e.g. {@code type("Process")}; {@code Job} is {@code MesosJob}. */
  public static PType type(String name) {
    if (GLOBALS.get(name) instanceof PType t) {
      return t;
    }
    throw new IllegalArgumentException("no schema type named " + name);
  }
}
