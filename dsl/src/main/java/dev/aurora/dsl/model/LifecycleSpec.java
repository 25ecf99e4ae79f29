package dev.aurora.dsl.model;

/** The HTTP lifecycle ({@code LifecycleConfig.http}); the job carries null when lifecycle is disabled. */
public record LifecycleSpec(
    String port,
    String gracefulShutdownEndpoint,
    String shutdownEndpoint,
    int gracefulShutdownWaitSecs,
    int shutdownWaitSecs) {}
