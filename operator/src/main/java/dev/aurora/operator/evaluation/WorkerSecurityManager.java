package dev.aurora.operator.evaluation;

import java.io.File;
import java.io.FilePermission;
import java.net.NetPermission;
import java.net.SocketPermission;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.PropertyPermission;

/**
 * The JVM-level half of the sandbox, under the Python-level restrictions of the dsl. Once {@link #arm armed} (after
 * Jython and the schema are loaded), it refuses: reading files outside the JDK, the class path and the worker's
 * empty directory, writing or deleting any file, running programs, any network access, changing system properties,
 * loading native code, replacing the security manager and leaving the JVM except through {@link #exit}. Reading the
 * process environment stays allowed: Jython reads it for every new interpreter state, and the pool starts workers
 * with an empty one. Java 17 still runs a security manager when the JVM starts with
 * {@code -Djava.security.manager=allow}; Jython 2.7 works under this one (it needs class loaders and reflection
 * over public members, which stay allowed).
 *
 * <p>Checks do not consult the access-control context: the worker runs nothing but the interpreter, so the question
 * is what the process may do at all, not which code asks. Every refusal is remembered so the worker can fail the
 * evaluation even when the config swallowed the exception.
 */
public final class WorkerSecurityManager extends SecurityManager {
  private final List<Path> readableRoots;
  private volatile boolean armed;
  private volatile boolean exiting;
  private volatile String lastDenial;

  public WorkerSecurityManager(List<Path> readableRoots) {
    this.readableRoots = List.copyOf(readableRoots);
  }

  /**
   * The JDK, every class-path entry and the worker's private (empty) working directory, where Jython looks for
   * modules on the file system before it finds them in its jar.
   */
  public static WorkerSecurityManager forThisJvm() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize());
    roots.add(Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        roots.add(Path.of(entry).toAbsolutePath().normalize());
      }
    }
    return new WorkerSecurityManager(roots);
  }

  public void arm() {
    armed = true;
  }

  /** The only way out of an armed worker. */
  public void exit(int status) {
    exiting = true;
    Runtime.getRuntime().halt(status);
  }

  /** Forget the refusals seen so far (call before each evaluation). */
  public void clearDenials() {
    lastDenial = null;
  }

  /** The most recent refusal since {@link #clearDenials}, or null. */
  public String lastDenial() {
    return lastDenial;
  }

  @Override
  public void checkPermission(Permission permission) {
    if (!armed) {
      return;
    }
    String refusal = refusal(permission);
    if (refusal != null) {
      lastDenial = refusal;
      throw new SecurityException(refusal);
    }
  }

  @Override
  public void checkPermission(Permission permission, Object context) {
    checkPermission(permission);
  }

  private String refusal(Permission permission) {
    String name = permission.getName();
    if (permission instanceof FilePermission) {
      String actions = permission.getActions();
      if (actions.contains("execute")) {
        return "the evaluator sandbox refused to run " + (name.equals("<<ALL FILES>>") ? "a program" : name);
      }
      if (actions.contains("write") || actions.contains("delete")) {
        return "the evaluator sandbox refused to write " + name;
      }
      return readable(name) ? null : "the evaluator sandbox refused to read " + name;
    }
    if (permission instanceof SocketPermission || permission instanceof NetPermission) {
      return "the evaluator sandbox refused network access (" + name + ")";
    }
    if (permission instanceof PropertyPermission) {
      if (!permission.getActions().contains("write")) {
        return null;
      }
      return "the evaluator sandbox refused to change " + (name.equals("*") ? "system properties" : "the system property " + name);
    }
    if (permission instanceof RuntimePermission) {
      // sun.misc stays open: Jython touches it while raising ordinary Python errors, and Python code cannot name
      // a Java package at all under the dsl's import policy.
      if (name.startsWith("exitVM")) {
        return exiting ? null : "the evaluator sandbox refused to exit the JVM";
      }
      if (name.startsWith("loadLibrary.") || name.equals("setSecurityManager") || name.equals("setIO")
          || name.equals("createSecurityManager") || name.startsWith("accessClassInPackage.jdk.internal")
          || (name.startsWith("accessClassInPackage.sun.") && !name.equals("accessClassInPackage.sun.misc"))) {
        return "the evaluator sandbox refused " + name;
      }
    }
    return null;
  }

  private boolean readable(String fileName) {
    if (fileName.equals("<<ALL FILES>>")) {
      return false;
    }
    Path path = Path.of(fileName).toAbsolutePath().normalize();
    return readableRoots.stream().anyMatch(path::startsWith);
  }
}
