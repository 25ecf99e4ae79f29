package dev.aurora.executor.task;

/**
 * The parts of an Aurora job the executor needs (Aurora's executor-side {@code MesosTaskInstance}); every other
 * field of the job JSON (update_config, tier, metadata, ...) belongs to the scheduler and is ignored.
 */
public record JobConfig(
    String name,
    String role,
    String environment,
    String cluster,
    TaskConfig task,
    HealthCheckConfig healthCheckConfig,
    LifecycleConfig lifecycle,
    AnnounceConfig announce) {
  public JobConfig {
    healthCheckConfig = healthCheckConfig == null ? HealthCheckConfig.DEFAULT : healthCheckConfig;
  }
}
