package dev.aurora.operator.chart;

import dev.aurora.crd.local.ControlPlaneBinaries;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary that {@code bin/install-test-tools helm} builds from its Go module into
 * {@code <toolsDir>/helm/<version>/helm}, next to the control-plane binaries.
 *
 * @param toolsDir the same cache directory as {@link ControlPlaneBinaries#toolsDir()}
 * @param version the helm version, from the {@code aurora.helm.version} property the build sets
 */
public record HelmBinary(Path toolsDir, String version) {
  static final String DEFAULT_VERSION = "3.18.6";

  public static HelmBinary configured() {
    return new HelmBinary(ControlPlaneBinaries.configured().toolsDir(),
        System.getProperty("aurora.helm.version", DEFAULT_VERSION));
  }

  /** The configured helm, built by the project's script first if the cache does not hold it. */
  public static HelmBinary ensureInstalled() {
    HelmBinary helm = configured();
    if (!helm.present()) {
      helm.install();
    }
    return helm;
  }

  public Path path() {
    return toolsDir.resolve("helm").resolve(version).resolve("helm");
  }

  public boolean present() {
    return Files.isExecutable(path());
  }

  /** The chart in this checkout. */
  public static Path chartDir() {
    return ControlPlaneBinaries.repositoryRoot().resolve("charts/aurora-operator");
  }

  /**
   * Runs helm with its own empty configuration, cache and data directories, so that nothing on this machine (a
   * user's repositories or plugins) changes what it does.
   */
  public CommandResult run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(path().toString());
    command.addAll(List.of(args));
    Path home = null;
    try {
      home = Files.createTempDirectory("aurora-helm-home-");
      Path out = home.resolve("stdout");
      Path err = home.resolve("stderr");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
      builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
      builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
      builder.environment().remove("KUBECONFIG");
      Process process = builder.start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish within 120 s");
      }
      return new CommandResult(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (home != null) {
        deleteTree(home);
      }
    }
  }

  private void install() {
    Path script = ControlPlaneBinaries.repositoryRoot().resolve("bin/install-test-tools");
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "helm").inheritIO();
    builder.environment().put("AURORA_TOOLS_DIR", toolsDir.toString());
    builder.environment().put("HELM_VERSION", version);
    try {
      Process process = builder.start();
      if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(script + " helm failed; the chart tests need helm " + version + " at "
            + path());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
