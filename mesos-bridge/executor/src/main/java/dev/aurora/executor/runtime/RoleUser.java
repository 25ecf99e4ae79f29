package dev.aurora.executor.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Unix user a role's processes run as when the executor is root, as Thermos' coordinator did with setuid
 * (AURORA.md 6.5). The JVM cannot change a child's user between fork and exec, so every command is started through
 * util-linux' {@code setpriv}, which sets the real and effective uid and gid and the user's supplementary groups
 * (initgroups, as Thermos set them from the group database) and then execs the command.
 */
public record RoleUser(String name, int uid, int gid) {
  static final String SETPRIV = "/usr/bin/setpriv";

  /** The setuid launcher this executor needs once a task runs as another user; null when it is present. */
  public static String missingLauncher() {
    return Files.isExecutable(Path.of(SETPRIV)) ? null
        : SETPRIV + " (util-linux) is missing; it runs processes as the role's user (or start the executor with"
            + " --nosetuid)";
  }

  /** The passwd entry of {@code name} as the agent's name service knows it; null when there is none. */
  public static RoleUser lookup(String name) throws IOException {
    if (name == null || name.isEmpty() || name.startsWith("-")) {
      return null;
    }
    Process getent = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
    String out = new String(getent.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!getent.waitFor(30, TimeUnit.SECONDS)) {
        getent.destroyForcibly();
        throw new IOException("getent passwd " + name + " did not answer within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while looking up user " + name, e);
    }
    if (getent.exitValue() == 2 || out.isEmpty()) {
      return null; // getent: key not found
    }
    String[] fields = out.lines().findFirst().orElse("").split(":", -1);
    if (getent.exitValue() != 0 || fields.length < 4) {
      throw new IOException("getent passwd " + name + " failed (exit " + getent.exitValue() + "): " + out);
    }
    return new RoleUser(fields[0], Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
  }

  /** Whether this JVM runs as root, the only case in which processes change user. */
  public static boolean executorIsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** {@code command} started as this user. */
  public List<String> wrap(List<String> command) {
    List<String> wrapped = new ArrayList<>(command.size() + 5);
    wrapped.addAll(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives {@code path} to this user and its group (not following a symbolic link). */
  public void own(Path path) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }

  /** Thermos' sandbox: owned by the user, mode 0700. */
  public void ownSandbox(Path sandbox) throws IOException {
    own(sandbox);
    Files.setPosixFilePermissions(sandbox, PosixFilePermissions.fromString("rwx------"));
  }
}
