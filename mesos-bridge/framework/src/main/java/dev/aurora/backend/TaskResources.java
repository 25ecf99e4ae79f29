package dev.aurora.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What one instance asks of a host: Aurora's {@code numCpus/ramMb/diskMb} plus the named ports its task references
 * (AURORA.md §1.3: MB values are the byte counts floored to whole MB).
 */
public record TaskResources(double cpus, long ramMb, long diskMb, List<String> portNames) {
  private static final long MB = 1024L * 1024L;

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

  /** Reads {@code task.resources} of an Aurora job JSON (bytes) and the port names its strings reference. */
  public static TaskResources fromJob(JsonNode job) {
    JsonNode resources = job.path("task").path("resources");
    if (!resources.isObject()) {
      throw new IllegalArgumentException("job JSON has no task.resources object");
    }
    return new TaskResources(resources.path("cpu").asDouble(), resources.path("ram").asLong() / MB,
        resources.path("disk").asLong() / MB, PlacementBinder.referencedPorts(job));
  }
}
