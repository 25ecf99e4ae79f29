package dev.aurora.dsl.bench;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Wall time of a fresh {@code inspect} JVM, run from jars as the launcher does, with or without an application
 * class-data-sharing archive (created once with {@code -XX:ArchiveClassesAtExit}; CDS needs jars, not directories).
 */
final class ColdStart {
  /** The launcher's flags for short commands: C1 only, serial GC, the JDK's default CDS archive. */
  static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  private final Path file;
  private final String key;
  private final Path work;
  private final String classPath;
  private final Path archive;

  ColdStart(Path file, String key) throws IOException {
    this.file = file;
    this.key = key;
    this.work = Files.createTempDirectory("dsl-cold-start");
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path) && path.endsWith("classes")) {
        entries.add(jar(path, work.resolve("aurora-dsl.jar")).toString());
      } else if (entry.endsWith(".jar") && !entry.contains("junit") && !entry.contains("opentest4j")) {
        entries.add(entry);
      }
    }
    this.classPath = String.join(File.pathSeparator, entries);
    this.archive = work.resolve("inspect.jsa");
  }

  List<Double> measure(int runs, boolean cds) throws Exception {
    if (cds && !Files.exists(archive)) {
      run(List.of("-XX:ArchiveClassesAtExit=" + archive));
    }
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run(cds ? List.of("-XX:SharedArchiveFile=" + archive) : List.of());
      millis.add((System.nanoTime() - start) / 1e6);
    }
    millis.sort(null);
    return millis;
  }

  private void run(List<String> extraFlags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FLAGS);
    command.addAll(extraFlags);
    command.addAll(List.of("-cp", classPath, "dev.aurora.dsl.cli.InspectCommand", file.toString(), key));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("inspect failed: " + new String(out));
    }
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
         Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, jarOut);
        jarOut.closeEntry();
      }
    }
    return jar;
  }
}
