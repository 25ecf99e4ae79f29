package dev.aurora.backend;

import java.util.List;
import java.util.Objects;

/**
 * What Aurora's TaskConfig said about a task beyond its resources and constraints that a backend must honour: the
 * tier (Mesos label {@code org.apache.aurora.tier}, and whether the task runs on revocable resources), the job's
 * {@code metadata} (labels {@code org.apache.aurora.metadata.<key>}) and its container.
 *
 * @param container null for Aurora's default, a Mesos container without an image (the executor runs on the host)
 */
public record TaskConfig(String tier, List<Metadata> metadata, Container container) {
  /** Aurora's default tier when a job names none. */
  public static final String DEFAULT_TIER = "preemptible";
  public static final TaskConfig DEFAULT = new TaskConfig(DEFAULT_TIER, List.of(), null);

  public TaskConfig {
    Objects.requireNonNull(tier, "tier");
    // Aurora kept metadata as a set: a repeated (key, value) pair is one label.
    metadata = List.copyOf(new java.util.LinkedHashSet<>(metadata));
  }

  /** The {@code revocable} tier runs only on revocable resources (AURORA.md §7.5). */
  public boolean revocable() {
    return tier.equals("revocable");
  }

  public record Metadata(String key, String value) {
    public Metadata {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }
}
