package dev.aurora.executor.health;

import dev.aurora.executor.runtime.ProcessGroups;
import dev.aurora.executor.runtime.RoleUser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Aurora's shell health check: {@code /bin/bash -c <command>} in the sandbox with the processes' environment;
 * healthy on exit 0 within the timeout. The command runs in its own process group so a timeout kills all of it, and
 * as the role's user when the processes do (unless {@code --nosetuid-health-checks}).
 */
public final class ShellHealthCheck implements HealthCheck {
  private final String command;
  private final Path sandbox;
  private final Map<String, String> environment;
  private final Duration timeout;
  private final RoleUser runAs;

  public ShellHealthCheck(String command, Path sandbox, Map<String, String> environment, Duration timeout) {
    this(command, sandbox, environment, timeout, null);
  }

  /** {@code runAs}: the user the command runs as, or null for the executor's own. */
  public ShellHealthCheck(String command, Path sandbox, Map<String, String> environment, Duration timeout,
      RoleUser runAs) {
    this.runAs = runAs;
    this.command = command;
    this.sandbox = sandbox;
    this.environment = environment;
    this.timeout = timeout;
  }

  @Override
  public Result check() {
    List<String> line = List.of("setsid", "/bin/bash", "-c", command);
    ProcessBuilder builder = new ProcessBuilder(runAs != null ? runAs.wrap(line) : line)
        .directory(sandbox.toFile())
        .redirectInput(new File("/dev/null"))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return Result.failed("Failed to run shell health check: " + e.getMessage());
    }
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return Result.failed("Shell health check timed out after " + timeout.toMillis() + " ms");
      }
      int rc = process.exitValue();
      return rc == 0 ? Result.OK : Result.failed("Shell command exited with status " + rc);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.failed("interrupted");
    } finally {
      // Whatever the command left behind (a timed-out pipeline, background jobs) dies with its group.
      ProcessGroups.killAll(List.of(process.pid()), Duration.ofSeconds(5));
    }
  }
}
