package dev.aurora.executor.task;

/** Aurora {@code LifecycleConfig}; without {@code http} the task is stopped with signals only. */
public record LifecycleConfig(HttpLifecycleConfig http) {}
