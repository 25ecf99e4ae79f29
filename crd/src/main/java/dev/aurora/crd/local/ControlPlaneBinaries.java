package dev.aurora.crd.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code bin/install-test-tools} leaves kube-apiserver, etcd and kubectl: {@code <toolsDir>/k8s/<version>-linux-amd64/},
 * the layout fabric8 kube-api-test reads in offline mode.
 *
 * @param toolsDir {@code $AURORA_TOOLS_DIR}, else {@code $XDG_CACHE_HOME/aurora-operator}, else
 *     {@code ~/.cache/aurora-operator}
 * @param version the Kubernetes version, from the {@code aurora.kube.version} property the build sets
 */
public record ControlPlaneBinaries(Path toolsDir, String version) {
  static final String DEFAULT_VERSION = "1.32.13";

  public static ControlPlaneBinaries configured() {
    String dir = System.getenv("AURORA_TOOLS_DIR");
    if (dir == null || dir.isBlank()) {
      String cache = System.getenv("XDG_CACHE_HOME");
      Path cacheDir = cache == null || cache.isBlank()
          ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
      dir = cacheDir.resolve("aurora-operator").toString();
    }
    return new ControlPlaneBinaries(Path.of(dir), System.getProperty("aurora.kube.version", DEFAULT_VERSION));
  }

  /** The configured binaries, built by the project's script first if the cache does not hold them. */
  public static ControlPlaneBinaries ensureInstalled() throws IOException {
    ControlPlaneBinaries binaries = configured();
    if (!binaries.present()) {
      binaries.install();
    }
    return binaries;
  }

  public Path binDir() {
    return toolsDir.resolve("k8s").resolve(version + "-linux-amd64");
  }

  public Path kubectl() {
    return binDir().resolve("kubectl");
  }

  public boolean present() {
    return Files.isExecutable(binDir().resolve("kube-apiserver"))
        && Files.isExecutable(binDir().resolve("etcd"))
        && Files.isExecutable(kubectl());
  }

  private void install() throws IOException {
    Path script = repositoryRoot().resolve("bin/install-test-tools");
    // Only the control plane: helm and the Lua runner are for the chart tests, not for `up` or the API server tests.
    ProcessBuilder builder = new ProcessBuilder(script.toString(), "k8s").inheritIO();
    builder.environment().put("AURORA_TOOLS_DIR", toolsDir.toString());
    builder.environment().put("KUBE_VERSION", version);
    try {
      Process process = builder.start();
      if (!process.waitFor(45, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(script + " failed; the API server tests need kube-apiserver, etcd and "
            + "kubectl " + version + " under " + binDir());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The checkout this runs from: the nearest directory upwards that holds bin/install-test-tools. */
  public static Path repositoryRoot() {
    // Set by the build for tests, and by bin/aurora-operator for the local bring-up.
    String configured = System.getProperty("aurora.repo.dir", System.getProperty("aurora.home"));
    Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/install-test-tools"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find bin/install-test-tools above " + start);
  }
}
