package dev.aurora.operator.evaluation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

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
   * runs in its own temporary directory, where a relative {@code target/classes} would name nothing. A jar's manifest
   * {@code Class-Path} (how {@code java -jar aurora-operator.jar} finds {@code lib/}) is spelled out, because the
   * worker's sandbox lets it read only the entries named on its class path.
   */
  public static WorkerCommand ofThisJvm() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        Path path = Path.of(entry).toAbsolutePath().normalize();
        entries.add(path.toString());
        entries.addAll(manifestClassPath(path));
      }
    }
    return new WorkerCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
        String.join(File.pathSeparator, entries));
  }

  /** The existing files a jar's manifest {@code Class-Path} names, resolved against the jar's directory. */
  static List<String> manifestClassPath(Path jar) {
    if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
      return List.of();
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (classPath == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String relative : classPath.trim().split("\\s+")) {
        if (relative.isEmpty() || relative.contains(":")) {
          continue;
        }
        Path resolved = jar.getParent().resolve(relative).normalize();
        if (Files.exists(resolved)) {
          out.add(resolved.toString());
        }
      }
      return out;
    } catch (IOException e) {
      return List.of();
    }
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
