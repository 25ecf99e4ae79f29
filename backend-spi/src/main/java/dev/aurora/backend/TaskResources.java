package dev.aurora.backend;

import java.util.List;
import java.util.Objects;

/**
 * What one instance asks of a host: Aurora's {@code numCpus/ramMb/diskMb} (AURORA.md §1.3: MB values are the byte
 * counts floored to whole MB) and {@code portNames}, the ports the scheduler allocates, as Aurora's client computed
 * them (its requested ports: see {@link PortResolver#requested}).
 */
public record TaskResources(double cpus, long ramMb, long diskMb, List<String> portNames) {
  public TaskResources {
    Objects.requireNonNull(portNames, "portNames");
    portNames = List.copyOf(portNames);
    if (!(cpus > 0) || ramMb <= 0 || diskMb <= 0) {
      throw new IllegalArgumentException("Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:"
          + cpus + " ramMb:" + ramMb + " diskMb:" + diskMb);
    }
    if (portNames.stream().distinct().count() != portNames.size()) {
      throw new IllegalArgumentException("duplicate port names in " + portNames);
    }
  }
}
