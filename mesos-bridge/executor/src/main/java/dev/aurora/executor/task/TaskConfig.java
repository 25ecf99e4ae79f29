package dev.aurora.executor.task;

import java.util.List;

/** Thermos {@code Task}: processes, their order constraints and the task-wide failure and teardown budget. */
public record TaskConfig(
    String name,
    List<ProcessConfig> processes,
    List<OrderConstraint> constraints,
    ResourcesConfig resources,
    Integer maxFailures,
    Integer maxConcurrency,
    Integer finalizationWait) {
  public TaskConfig {
    processes = processes == null ? List.of() : List.copyOf(processes);
    constraints = constraints == null ? List.of() : List.copyOf(constraints);
    maxFailures = maxFailures == null ? 1 : maxFailures;
    maxConcurrency = maxConcurrency == null ? 0 : maxConcurrency;
    finalizationWait = finalizationWait == null ? 30 : finalizationWait;
  }
}
