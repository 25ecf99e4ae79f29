package dev.aurora.dsl.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared (the design docs, the conformance corpus and the tutorial seed) from a test run. */
public final class SharedCorpus {
  private SharedCorpus() {}

  public static Path dir() {
    String configured = System.getProperty("aurora.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    // Surefire runs in the module directory; the repository root is its parent and shared/ sits beside it.
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("examples")) && Files.exists(dir.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find the shared corpus; set -Daurora.shared.dir");
  }

  public static Path examples() {
    return dir().resolve("examples");
  }
}
