package dev.aurora.executor.supervisor;

import dev.aurora.executor.runtime.RoleUser;
import dev.aurora.executor.supervisor.TaskOutcome.Cause;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates a task's sandbox, and when the task's processes change user, gives it to the role's user with mode 0700,
 * as Aurora's {@code DirectorySandbox} did. Processes change user only when setuid is on, the executor runs as root
 * and the role names another user (Thermos skipped setuid to the user it already was).
 */
final class SandboxSetup {
  /** Why the sandbox could not be set up, with the task's outcome cause. */
  static final class Failure extends Exception {
    private final Cause cause;

    Failure(Cause cause, String message) {
      super(message);
      this.cause = cause;
    }

    Cause cause() {
      return cause;
    }
  }

  private SandboxSetup() {}

  /** Creates {@code sandbox}; returns the user the processes run as, or null for the executor's own user. */
  static RoleUser create(Path sandbox, String role, boolean setuid, String hostname) throws Failure {
    try {
      Files.createDirectories(sandbox);
    } catch (IOException e) {
      throw new Failure(Cause.EXECUTOR_ERROR, "Cannot create sandbox " + sandbox + ": " + e);
    }
    if (!setuid || !RoleUser.executorIsRoot()) {
      return null;
    }
    RoleUser user;
    try {
      user = RoleUser.lookup(role);
    } catch (IOException e) {
      throw new Failure(Cause.SANDBOX, "Failed to initialize sandbox: cannot look up user '" + role + "': "
          + e.getMessage());
    }
    if (user == null) {
      throw new Failure(Cause.SANDBOX, "Failed to initialize sandbox: user '" + role + "' (the job's role) does not"
          + " exist on " + hostname + "; processes run as the role's user when the executor runs as root (executor"
          + " flag --nosetuid, operator setting setuid=false, turns this off)");
    }
    if (user.uid() == 0) {
      return null;
    }
    String missing = RoleUser.missingLauncher();
    if (missing != null) {
      throw new Failure(Cause.SANDBOX, "Failed to initialize sandbox: " + missing);
    }
    try {
      user.ownSandbox(sandbox);
      Path container = sandbox.getParent();
      if (container != null && isMesosSandbox(container)) {
        // Mesos creates the executor's directory 0750 for the executor's user (root): without it the role's user
        // could not reach its own sandbox inside. Aurora's sandbox gave it to the user for the same reason.
        user.own(container);
      }
    } catch (IOException e) {
      throw new Failure(Cause.SANDBOX, "Failed to initialize sandbox: cannot give " + sandbox + " to user '"
          + role + "': " + e);
    }
    return user;
  }

  private static boolean isMesosSandbox(Path dir) {
    for (String variable : new String[] {"MESOS_SANDBOX", "MESOS_DIRECTORY"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isEmpty() && Path.of(value).toAbsolutePath().normalize()
          .equals(dir.toAbsolutePath().normalize())) {
        return true;
      }
    }
    return false;
  }
}
