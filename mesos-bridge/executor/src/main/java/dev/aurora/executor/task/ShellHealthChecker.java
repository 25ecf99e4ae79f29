package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora {@code ShellHealthChecker}: healthy when the command exits 0 within the timeout. */
public record ShellHealthChecker(@JsonProperty("shell_command") String shellCommand) {}
