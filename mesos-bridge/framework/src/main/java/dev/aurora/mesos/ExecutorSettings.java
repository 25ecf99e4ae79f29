package dev.aurora.mesos;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How agents start our executor: {@code java <flags> -jar aurora-executor.jar executor}, the jar either fetched by
 * the Mesos fetcher from {@code jarUri} into the sandbox (cached per MESOS.md A.8) or found at {@code jarPath} on
 * every agent. The executor's own resources are added on top of each task's (one executor per task, as Aurora did;
 * Aurora reserved 0.25 cpus / 128 MB for Thermos, our executor needs far less). {@code executorArgs} follow
 * {@code executor} on the command line: the executor's own settings flags, as Aurora's scheduler put the Thermos
 * executor's flags ({@code --announcer-ensemble}, {@code --nosetuid}, ...) into its command.
 */
public record ExecutorSettings(String jarUri, String jarPath, String javaCommand, List<String> javaFlags,
                               double cpus, long memMb, long diskMb, boolean cacheJar,
                               Map<String, String> environment, List<String> executorArgs) {
  public static final String JAR_NAME = "aurora-executor.jar";

  public ExecutorSettings {
    if ((jarUri == null) == (jarPath == null)) {
      throw new IllegalArgumentException("exactly one of executor jarUri and jarPath must be set");
    }
    Objects.requireNonNull(javaCommand, "javaCommand");
    javaFlags = List.copyOf(javaFlags);
    environment = Map.copyOf(environment);
    executorArgs = List.copyOf(executorArgs);
    if (cpus < 0.01 || memMb < 32) {
      throw new IllegalArgumentException("executor resources below Mesos' minimum (0.01 cpus, 32 MB): cpus="
          + cpus + " mem=" + memMb);
    }
  }

  /** The jar fetched from a URI (http://, file://, or an absolute path on the agent) and cached by the fetcher. */
  public static ExecutorSettings fetched(String jarUri) {
    return new ExecutorSettings(jarUri, null, "java", defaultFlags(), 0.05, 96, 0, true, Map.of(), List.of());
  }

  /** The jar installed at a fixed path on every agent. */
  public static ExecutorSettings installed(String jarPath) {
    return new ExecutorSettings(null, jarPath, "java", defaultFlags(), 0.05, 96, 0, false, Map.of(), List.of());
  }

  private static List<String> defaultFlags() {
    return List.of("-Xmx48m", "-XX:+UseSerialGC", "-Xss512k");
  }

  public ExecutorSettings withJavaCommand(String command) {
    return new ExecutorSettings(jarUri, jarPath, command, javaFlags, cpus, memMb, diskMb, cacheJar, environment,
        executorArgs);
  }

  public ExecutorSettings withResources(double newCpus, long newMemMb, long newDiskMb) {
    return new ExecutorSettings(jarUri, jarPath, javaCommand, javaFlags, newCpus, newMemMb, newDiskMb, cacheJar,
        environment, executorArgs);
  }

  public ExecutorSettings withEnvironment(Map<String, String> env) {
    return new ExecutorSettings(jarUri, jarPath, javaCommand, javaFlags, cpus, memMb, diskMb, cacheJar, env,
        executorArgs);
  }

  /** The executor's settings flags, e.g. {@code --announcer-ensemble zk1:2181 --nosetuid}. */
  public ExecutorSettings withExecutorArgs(List<String> args) {
    return new ExecutorSettings(jarUri, jarPath, javaCommand, javaFlags, cpus, memMb, diskMb, cacheJar, environment,
        args);
  }

  /** The shell command the agent runs in the sandbox. */
  public String shellCommand() {
    StringBuilder cmd = new StringBuilder("exec ").append(quote(javaCommand));
    javaFlags.forEach(f -> cmd.append(' ').append(quote(f)));
    cmd.append(" -jar ").append(jarUri != null ? JAR_NAME : quote(jarPath)).append(" executor");
    executorArgs.forEach(a -> cmd.append(' ').append(quote(a)));
    return cmd.toString();
  }

  private static String quote(String word) {
    if (word.matches("[\\w@%+=:,./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
