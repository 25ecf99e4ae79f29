package dev.aurora.executor.task;

/** Thermos {@code Resources}; the executor enforces only {@code disk} (bytes), as Aurora's resource manager did. */
public record ResourcesConfig(Double cpu, Long ram, Long disk, Integer gpu) {}
