package dev.aurora.operator.evaluation;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a worker JVM is started: this JVM's {@code java}, a class path holding the operator and the dsl, and the
 * flags that bound it. Kept apart from the pool so the socket server and tests start workers the same way.
 *
 * @param javaBinary the {@code java} executable
 * @param classPath class path of the worker (this JVM's own class path by default)
 */
public record WorkerCommand(Path javaBinary, String classPath) {

  /**
   * A worker built from the JVM and class path the caller itself runs with. Entries are made absolute: the worker
   * runs in its own temporary directory, where a relative {@code target/classes} would name nothing.
   */
  public static WorkerCommand ofThisJvm() {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
    return new WorkerCommand(Path.of(System.getProperty("java.home"), "bin", "java"), classPath);
  }

  /** {@code directory} is the worker's private working directory, also the home Jython probes for modules. */
  List<String> commandLine(EvaluationLimits limits, Path directory) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.add("-Xmx" + limits.memoryMegabytes() + "m");
    command.add("-Xms32m");
    // Serial GC: one evaluation thread, small heaps, the least start-up cost and memory of the collectors.
    command.add("-XX:+UseSerialGC");
    command.add("-XX:+ExitOnOutOfMemoryError");
    // Jython compiles every config to classes; bound that too, an overflow counts as out of memory.
    command.add("-XX:MaxMetaspaceSize=192m");
    // C1 only: less compiler work while a worker warms up on a busy machine; evaluations are too short for C2.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Xshare:auto");
    command.add("-Djava.security.manager=allow");
    command.add("-Djava.awt.headless=true");
    command.add("-Dpython.home=" + directory);
    command.add("-Dfile.encoding=UTF-8");
    command.add("-cp");
    command.add(classPath);
    command.add(EvaluatorWorker.class.getName());
    return command;
  }
}
