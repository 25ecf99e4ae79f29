package dev.aurora.operator.scheduling;

import java.util.Objects;

/** The AuroraJob resource a job belongs to: the scheduling core's name for it, with no Kubernetes types. */
public record JobRef(String namespace, String name) {
  public JobRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
