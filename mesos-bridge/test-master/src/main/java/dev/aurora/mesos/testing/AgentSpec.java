package dev.aurora.mesos.testing;

import java.util.Map;

/** A simulated agent: what it offers (MESOS.md A.9 defaults: ports 31000-32000) and its TEXT attributes. */
public record AgentSpec(String hostname, double cpus, double memMb, double diskMb, long portBegin, long portEnd,
                        Map<String, String> attributes) {
  public AgentSpec {
    attributes = Map.copyOf(attributes);
  }

  public static AgentSpec of(String hostname) {
    return new AgentSpec(hostname, 4, 8192, 65536, 31000, 32000, Map.of());
  }

  public AgentSpec withResources(double newCpus, double newMemMb) {
    return new AgentSpec(hostname, newCpus, newMemMb, diskMb, portBegin, portEnd, attributes);
  }

  public AgentSpec withAttributes(Map<String, String> newAttributes) {
    return new AgentSpec(hostname, cpus, memMb, diskMb, portBegin, portEnd, newAttributes);
  }
}
