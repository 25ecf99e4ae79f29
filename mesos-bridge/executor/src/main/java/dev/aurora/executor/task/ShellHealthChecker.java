package dev.aurora.executor.task;

/** Aurora {@code ShellHealthChecker}: healthy when the command exits 0 within the timeout. */
public record ShellHealthChecker(String shellCommand) {}
