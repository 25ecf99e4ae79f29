package dev.aurora.operator.backend.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the local backend runs tasks: {@code root} holds one directory per task; {@code executorCommand} is the command
 * up to (not including) {@code run-task}; {@code killEscalation} is how long a SIGTERMed executor may take to kill its
 * task gracefully before it and everything below it get SIGKILL; {@code hostname} is what ASSIGNED reports and
 * {@code {{mesos.hostname}}} binds to; {@code pollInterval} is how often executors' output and exits are checked;
 * {@code executorFlags} follow {@code run-task} (the executor's settings: announcer, setuid).
 */
public record LocalBackendSettings(Path root, List<String> executorCommand, Duration killEscalation, String hostname,
                                   Duration pollInterval, List<String> executorFlags) {
  /**
   * Without executor flags of its own the local backend runs processes as the operator's user ({@code --nosetuid}):
   * its executors run under the developer's or the pod's own account, where the roles' users need not exist.
   */
  public static final List<String> DEFAULT_EXECUTOR_FLAGS = List.of("--nosetuid");

  public LocalBackendSettings(Path root, List<String> executorCommand, Duration killEscalation, String hostname,
                              Duration pollInterval) {
    this(root, executorCommand, killEscalation, hostname, pollInterval, DEFAULT_EXECUTOR_FLAGS);
  }

  /** The executor's JVM flags, as bin/aurora-operator starts {@code run-task} (figures in the executor README). */
  public static final List<String> EXECUTOR_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
      "-Xss512k", "-Xmx32m", "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m", "-Xshare:auto");

  public LocalBackendSettings {
    Objects.requireNonNull(root, "root");
    executorCommand = List.copyOf(executorCommand);
    if (executorCommand.isEmpty()) {
      throw new IllegalArgumentException("executorCommand must not be empty");
    }
    Objects.requireNonNull(killEscalation, "killEscalation");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(pollInterval, "pollInterval");
    executorFlags = List.copyOf(executorFlags);
  }

  public LocalBackendSettings withExecutorFlags(List<String> flags) {
    return new LocalBackendSettings(root, executorCommand, killEscalation, hostname, pollInterval, flags);
  }

  /** Runs the executor from its shaded jar, with a 90 s kill budget (the executor's own default is 60 s). */
  public static LocalBackendSettings forJar(Path root, Path executorJar) {
    return new LocalBackendSettings(root, javaCommand(List.of("-jar", executorJar.toString())), Duration.ofSeconds(90),
        localHostname(), Duration.ofMillis(50));
  }

  /**
   * The jar named by system property {@code aurora.executor.jar}, else the one a source checkout builds under
   * {@code aurora.home} (set by bin/aurora-operator), else under the working directory.
   */
  public static Path defaultExecutorJar() {
    String jar = System.getProperty("aurora.executor.jar");
    if (jar != null && !jar.isBlank()) {
      return Path.of(jar);
    }
    String home = System.getProperty("aurora.home", ".");
    return Path.of(home, "mesos-bridge", "executor", "target", "aurora-executor.jar").toAbsolutePath().normalize();
  }

  /** {@code java <executor flags> <launch>}, with the java of the running JVM. */
  public static List<String> javaCommand(List<String> launch) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(EXECUTOR_JVM_FLAGS);
    command.addAll(launch);
    return command;
  }

  static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
