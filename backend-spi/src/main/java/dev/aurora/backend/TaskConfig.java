package dev.aurora.backend;

import java.util.List;
import java.util.Objects;

/**
 * What Aurora's TaskConfig said about a task beyond its resources and constraints that a backend must honour: the
 * tier (Mesos label {@code org.apache.aurora.tier}, whether the task runs on revocable resources and whether it may be
 * preempted), the job's {@code metadata} (labels {@code org.apache.aurora.metadata.<key>}), its container and its
 * {@code priority} (AURORA.md §7.5: within a role, a pending task may preempt tasks of lower priority).
 *
 * @param container null for Aurora's default, a Mesos container without an image (the executor runs on the host)
 */
public record TaskConfig(String tier, List<Metadata> metadata, Container container, int priority) {
  /** Aurora's default tier when a job names none. */
  public static final String DEFAULT_TIER = "preemptible";
  public static final TaskConfig DEFAULT = new TaskConfig(DEFAULT_TIER, List.of(), null);

  /** Priority 0, Aurora's default. */
  public TaskConfig(String tier, List<Metadata> metadata, Container container) {
    this(tier, metadata, container, 0);
  }

  public TaskConfig {
    Objects.requireNonNull(tier, "tier");
    // Aurora kept metadata as a set: a repeated (key, value) pair is one label.
    metadata = List.copyOf(new java.util.LinkedHashSet<>(metadata));
  }

  /** The {@code revocable} tier runs only on revocable resources (AURORA.md §7.5). */
  public boolean revocable() {
    return tier.equals("revocable");
  }

  /**
   * Whether the tier lets other tasks preempt this one. Of Aurora's default tiers ({@code tiers.json}) only
   * {@code preferred} is not preemptible; the config's {@code production} flag is the deprecated spelling of it, which
   * the config loader has already turned into the tier.
   */
  public boolean preemptible() {
    return !tier.equals("preferred");
  }

  public record Metadata(String key, String value) {
    public Metadata {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }
}
