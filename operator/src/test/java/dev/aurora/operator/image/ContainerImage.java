package dev.aurora.operator.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The operator image as bin/build-image builds it, run by podman (with runc) as the tests' container runtime.
 *
 * <p>Without podman (a developer's machine) the image tests are reported as not run, one line each; where
 * {@code AURORA_IMAGE_REQUIRED=true} (CI, whose .ci/run installs podman first) its absence fails them instead.
 */
public final class ContainerImage {
  private static String built;

  private ContainerImage() {}

  /** The image's name, built once per test JVM (the base is cached by bin/build-image). */
  public static synchronized String image() {
    if (built == null) {
      requireTools("podman", "runc", "mmdebstrap");
      Path log = logFile("build-image");
      CommandOutput out = runCommand(List.of(repositoryRoot().resolve("bin/build-image").toString()), log,
          Duration.ofMinutes(15));
      assertEquals(0, out.exitCode(), () -> "bin/build-image failed:\n" + read(log));
      built = out.stdout().lines().findFirst().orElseThrow();
    }
    return built;
  }

  /** Starts a detached, read-only container of the image as the chart runs it: non-root, /tmp its only scratch. */
  public static void start(String name, List<String> podmanOptions, List<String> args) {
    List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--read-only",
        "--read-only-tmpfs=false", "--tmpfs", "/tmp:rw,mode=1777", "--user", "65532:65532"));
    command.addAll(podmanOptions);
    command.add(image());
    command.addAll(args);
    CommandOutput out = podman(command.toArray(String[]::new));
    assertEquals(0, out.exitCode(), () -> "podman run failed: " + out.stdout() + out.stderr());
  }

  /** Removes the container, keeping its output under target/ for a failed test's reader. */
  public static void remove(String name) {
    CommandOutput logs = podman("logs", name);
    try {
      Files.writeString(logFile(name), logs.stdout() + logs.stderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    podman("rm", "-f", "-t", "5", name);
  }

  public static CommandOutput podman(String... args) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(List.of(args));
    return runCommand(command, null, Duration.ofMinutes(2));
  }

  public static Path repositoryRoot() {
    return Path.of(System.getProperty("aurora.repo.dir", "..")).toAbsolutePath().normalize();
  }

  public static Path logFile(String name) {
    try {
      return Files.createDirectories(Path.of("target", "image-tests")).resolve(name + ".log").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Aborts (or fails, where required) the calling test unless these tools are on the PATH. */
  public static void requireTools(String... tools) {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      if (onPath(tool) == null) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String reason = "needs " + String.join(", ", missing) + ", not found (bin/install-image-tools installs them)";
    if (Boolean.parseBoolean(System.getenv("AURORA_IMAGE_REQUIRED"))) {
      Assertions.fail(reason + " and AURORA_IMAGE_REQUIRED is set");
    }
    // The outermost frame of an *IT class is the test.
    StackWalker.getInstance().walk(frames -> frames.filter(f -> f.getClassName().endsWith("IT"))
        .reduce((inner, outer) -> outer)).ifPresent(caller ->
        System.out.println("[not run] " + caller.getClassName() + "." + caller.getMethodName() + ": " + reason));
    Assumptions.abort(reason);
  }

  private static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static CommandOutput runCommand(List<String> command, Path stderrLog, Duration timeout) {
    try {
      Path err = stderrLog != null ? stderrLog : Files.createTempFile("aurora-podman-", ".err");
      Path out = Files.createTempFile("aurora-podman-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().put("CONTAINERS_CONF", repositoryRoot().resolve("image/containers.conf").toString());
      Process process = builder.start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        Assertions.fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      CommandOutput result = new CommandOutput(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
      Files.deleteIfExists(out);
      if (stderrLog == null) {
        Files.deleteIfExists(err);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command printed and how it ended. */
  public record CommandOutput(int exitCode, String stdout, String stderr) {}
}
