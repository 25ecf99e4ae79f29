package dev.aurora.mesos.testing;

import java.util.Map;

/** An agent registered with the in-test master. Resource use is tracked by the cluster. */
public final class SimulatedAgent {
  private final String id;
  private final AgentSpec spec;
  double usedCpus;
  double usedMem;
  double usedDisk;
  double usedGpus;
  double usedRevocableCpus;
  /** Marked unreachable by the master (a network partition): its tasks are TASK_UNREACHABLE, nothing is offered. */
  boolean unreachable;
  final java.util.TreeSet<Long> usedPorts = new java.util.TreeSet<>();

  SimulatedAgent(String id, AgentSpec spec) {
    this.id = id;
    this.spec = spec;
  }

  public String id() {
    return id;
  }

  public String hostname() {
    return spec.hostname();
  }

  public AgentSpec spec() {
    return spec;
  }

  public Map<String, String> attributes() {
    return spec.attributes();
  }
}
