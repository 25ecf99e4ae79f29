package dev.aurora.mesos.testing;

import java.util.Map;

/**
 * An agent registered with the in-test master. Resource use is tracked by the cluster. Each agent serves its own files
 * API ({@link AgentFiles}) at the address its offers carry in {@code url}, as a Mesos agent does.
 */
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
  private final AgentFiles files;

  SimulatedAgent(String id, AgentSpec spec) {
    this.id = id;
    this.spec = spec;
    try {
      this.files = new AgentFiles().start(spec.hostname());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot start the files API of agent " + spec.hostname(), e);
    }
  }

  /** The agent's files API: executors' sandboxes are attached to it as they launch. */
  public AgentFiles files() {
    return files;
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
