package dev.aurora.mesos;

import java.util.Optional;

/**
 * Where the framework id survives a restart of the framework, so that the next incarnation re-subscribes as the same
 * framework and keeps its tasks (MESOS.md A.4). The operator backs it with a Kubernetes object.
 */
public interface FrameworkIdStore {
  Optional<String> load();

  void save(String frameworkId);

  /** Forgets the id, e.g. after the master removed the framework for good. */
  void clear();
}
