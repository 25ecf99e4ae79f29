package dev.aurora.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds ../shared (the design docs, the conformance corpus and the tutorial seed) from a test run.
 *
 * <p>A plain clone has no ../shared: a test that needs it is then reported as not run (a JUnit assumption) with the
 * reason, and everything else still runs. CI has the corpus and sets {@code AURORA_SHARED_REQUIRED=true}, which turns
 * the same miss into a failure so that a corpus test can never go quietly unrun there.
 */
public final class SharedCorpus {
  private SharedCorpus() {}

  public static Path dir() {
    String configured = System.getProperty("aurora.shared.dir");
    if (configured != null && Files.isDirectory(Path.of(configured, "examples"))) {
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
    String reason = "needs the shared corpus (../shared/examples beside the repository, or "
        + "-Daurora.shared.dir), not found from " + here;
    if (Boolean.parseBoolean(System.getenv("AURORA_SHARED_REQUIRED"))) {
      return Assertions.fail(reason + " and AURORA_SHARED_REQUIRED is set");
    }
    // Surefire counts an aborted test as skipped but does not say why: one line per test that did not run.
    // The test is the outermost frame of a *Test class (helpers of the test class sit above it).
    StackWalker.getInstance().walk(frames -> frames.filter(f -> f.getClassName().endsWith("Test")
        && !f.getClassName().startsWith("org.junit")).reduce((inner, outer) -> outer)).ifPresent(caller ->
        System.out.println("[not run] " + caller.getClassName() + "." + caller.getMethodName() + ": " + reason));
    return Assumptions.abort(reason);
  }

  public static Path examples() {
    return dir().resolve("examples");
  }
}
