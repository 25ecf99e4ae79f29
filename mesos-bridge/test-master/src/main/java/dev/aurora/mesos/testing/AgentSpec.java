package dev.aurora.mesos.testing;

import java.util.Map;

/**
 * A simulated agent: what it offers (MESOS.md A.9 defaults: ports 31000-32000) and its TEXT attributes. {@code gpus}
 * are offered only to frameworks with the GPU_RESOURCES capability (the master keeps GPU agents from the others);
 * {@code revocableCpus} (an oversubscribing agent's estimate) only to frameworks with REVOCABLE_RESOURCES.
 */
public record AgentSpec(String hostname, double cpus, double memMb, double diskMb, long portBegin, long portEnd,
                        Map<String, String> attributes, int gpus, double revocableCpus) {
  public AgentSpec {
    attributes = Map.copyOf(attributes);
  }

  public AgentSpec(String hostname, double cpus, double memMb, double diskMb, long portBegin, long portEnd,
                   Map<String, String> attributes) {
    this(hostname, cpus, memMb, diskMb, portBegin, portEnd, attributes, 0, 0);
  }

  public static AgentSpec of(String hostname) {
    return new AgentSpec(hostname, 4, 8192, 65536, 31000, 32000, Map.of());
  }

  public AgentSpec withResources(double newCpus, double newMemMb) {
    return new AgentSpec(hostname, newCpus, newMemMb, diskMb, portBegin, portEnd, attributes, gpus, revocableCpus);
  }

  public AgentSpec withAttributes(Map<String, String> newAttributes) {
    return new AgentSpec(hostname, cpus, memMb, diskMb, portBegin, portEnd, newAttributes, gpus, revocableCpus);
  }

  public AgentSpec withGpus(int newGpus) {
    return new AgentSpec(hostname, cpus, memMb, diskMb, portBegin, portEnd, attributes, newGpus, revocableCpus);
  }

  public AgentSpec withRevocableCpus(double newRevocableCpus) {
    return new AgentSpec(hostname, cpus, memMb, diskMb, portBegin, portEnd, attributes, gpus, newRevocableCpus);
  }
}
