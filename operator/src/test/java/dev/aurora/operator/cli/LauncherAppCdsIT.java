package dev.aurora.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.local.ControlPlaneBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/aurora-operator's AppCDS archive (bin/lib/appcds.sh), run after `package` so that the launcher finds fresh jars
 * and builds nothing: the first run writes one archive, later runs use it, output stays the same, a cache directory
 * that cannot be made only means no archive, and concurrent first runs leave one whole archive and no temporary file.
 */
class LauncherAppCdsIT {
  private static final String KEY = "cluster1/myteam/prod/application";

  @Test
  void firstRunWritesTheArchiveAndLaterRunsUseIt(@TempDir Path cache) throws Exception {
    Run first = inspect(cache);
    assertEquals(0, first.exitCode(), first.stderr());
    List<Path> archives = archives(cache);
    assertEquals(1, archives.size(), "archives: " + archives);
    long written = Files.getLastModifiedTime(archives.get(0)).toMillis();

    // -Xshare:on makes the JVM fail instead of running without an archive it cannot map.
    Run second = inspect(cache, "-Xshare:on");
    assertEquals(0, second.exitCode(), second.stderr());
    assertEquals(first.stdout(), second.stdout());
    assertEquals(archives, archives(cache));
    assertEquals(written, Files.getLastModifiedTime(archives.get(0)).toMillis(), "the archive was written again");
  }

  @Test
  void aCacheThatCannotBeMadeOnlyMeansNoArchive(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "");
    Run run = inspect(file.resolve("cds"));
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().contains("name:       'application'"), run.stdout());
  }

  @Test
  void concurrentFirstRunsLeaveOneWholeArchive(@TempDir Path cache) throws Exception {
    Process a = start(cache);
    Process b = start(cache);
    assertTrue(a.waitFor(180, TimeUnit.SECONDS) && b.waitFor(180, TimeUnit.SECONDS));
    assertEquals(0, a.exitValue());
    assertEquals(0, b.exitValue());
    try (Stream<Path> files = Files.list(cache)) {
      assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList(), "temporary files left");
    }
    assertEquals(1, archives(cache).size());
    Run after = inspect(cache, "-Xshare:on");
    assertEquals(0, after.exitCode(), after.stderr());
  }

  @Test
  void theKubectlPluginKeepsAnArchiveOfItsOwn(@TempDir Path cache) throws Exception {
    Run first = plugin(cache);
    assertEquals(0, first.exitCode(), first.stderr());
    assertTrue(first.stdout().startsWith("usage: kubectl aurora VERB"), first.stdout());
    List<Path> archives = archives(cache);
    assertEquals(1, archives.size(), "archives: " + archives);
    assertTrue(archives.get(0).getFileName().toString().startsWith("plugin-"), archives.toString());
    Run second = plugin(cache, "-Xshare:on");
    assertEquals(0, second.exitCode(), second.stderr());
    assertEquals(first.stdout(), second.stdout());
    assertEquals(archives, archives(cache));
  }

  private static Run plugin(Path cache, String... javaOptions) throws Exception {
    Path root = ControlPlaneBinaries.repositoryRoot();
    ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/kubectl-aurora").toString(), "--help");
    builder.environment().put("AURORA_CDS_DIR", cache.toString());
    builder.environment().put("AURORA_PLUGIN_JAVA_OPTS", String.join(" ", javaOptions));
    builder.environment().remove("AURORA_CDS");
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the plugin did not finish");
    return new Run(process.exitValue(), new String(out), new String(err));
  }

  private static List<Path> archives(Path cache) throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.toString().endsWith(".jsa")).sorted().toList();
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run inspect(Path cache, String... javaOptions) throws Exception {
    Path out = Files.createTempFile("aurora-launcher-", ".out");
    Path err = Files.createTempFile("aurora-launcher-", ".err");
    try {
      Process process = builder(cache, javaOptions).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      assertTrue(process.waitFor(180, TimeUnit.SECONDS), "inspect did not finish");
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Process start(Path cache) throws IOException {
    return builder(cache).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static ProcessBuilder builder(Path cache, String... javaOptions) {
    Path root = ControlPlaneBinaries.repositoryRoot();
    ProcessBuilder builder = new ProcessBuilder(root.resolve("bin/aurora-operator").toString(), "inspect",
        root.resolve("image/typical.aurora").toString(), KEY);
    builder.environment().put("AURORA_CDS_DIR", cache.toString());
    builder.environment().put("AURORA_JAVA_OPTS", String.join(" ", javaOptions));
    builder.environment().remove("AURORA_CDS");
    return builder;
  }
}
