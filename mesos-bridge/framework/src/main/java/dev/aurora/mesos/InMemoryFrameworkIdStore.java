package dev.aurora.mesos;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps the framework id for the life of the process (tests, and the restart of a backend inside one JVM). */
public final class InMemoryFrameworkIdStore implements FrameworkIdStore {
  private final AtomicReference<String> id = new AtomicReference<>();

  @Override
  public Optional<String> load() {
    return Optional.ofNullable(id.get());
  }

  @Override
  public void save(String frameworkId) {
    id.set(frameworkId);
  }

  @Override
  public void clear() {
    id.set(null);
  }
}
