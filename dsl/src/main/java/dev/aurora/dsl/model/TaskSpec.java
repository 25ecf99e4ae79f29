package dev.aurora.dsl.model;

import java.util.List;

/**
 * The task every instance runs. {@code orderConstraints} holds each {@code Constraint(order=[...])} as its list
 * of process names; {@code user} is null unless set (Aurora never used it).
 */
public record TaskSpec(
    String name,
    List<ProcessSpec> processes,
    List<List<String>> orderConstraints,
    ResourcesSpec resources,
    int maxFailures,
    int maxConcurrency,
    int finalizationWaitSecs,
    String user) {

  public TaskSpec {
    processes = List.copyOf(processes);
    orderConstraints = orderConstraints.stream().map(List::copyOf).toList();
  }
}
