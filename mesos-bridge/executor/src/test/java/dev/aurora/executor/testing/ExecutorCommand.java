package dev.aurora.executor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How tests start the real executor JVM: {@code -jar} on the shaded jar named by the system property
 * {@code aurora.executor.jar} when given (e.g. by a benchmark or a later build phase), otherwise the classes on this
 * JVM's class path, which under Maven are the executor module's own classes and Jackson. Either way with the flags
 * the launcher uses (or those in the system property {@code aurora.executor.jvm.flags}, space-separated).
 */
public final class ExecutorCommand {
  /** The JVM flags bin/aurora-operator and the framework's ExecutorInfo should use for the executor. */
  public static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
      "-Xmx32m", "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m", "-Xshare:auto");

  private ExecutorCommand() {}

  public static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String flags = System.getProperty("aurora.executor.jvm.flags");
    command.addAll(flags == null ? JVM_FLAGS : flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+")));
    String jar = System.getProperty("aurora.executor.jar");
    if (jar != null && Files.isRegularFile(Path.of(jar))) {
      command.add("-jar");
      command.add(jar);
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("dev.aurora.executor.Main");
    }
    return command;
  }
}
