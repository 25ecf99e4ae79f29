package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker started from a jar that names its dependencies in its manifest gets them on its own class path. */
class WorkerCommandTest {

  @Test
  void aJarsManifestClassPathIsSpelledOut(@TempDir Path dir) throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.createFile(lib.resolve("dsl.jar"));
    Files.createFile(lib.resolve("jython.jar"));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/dsl.jar lib/jython.jar lib/absent.jar");
    Path jar = dir.resolve("aurora-operator.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // only the manifest
    }
    assertEquals(List.of(lib.resolve("dsl.jar").toString(), lib.resolve("jython.jar").toString()),
        WorkerCommand.manifestClassPath(jar));
    assertTrue(WorkerCommand.manifestClassPath(lib).isEmpty(), "a directory has no manifest");
  }
}
