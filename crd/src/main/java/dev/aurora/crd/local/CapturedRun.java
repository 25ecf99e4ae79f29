package dev.aurora.crd.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end, its output captured in temporary files rather than pipes (a pipe nobody reads while the
 * command runs fills up and blocks it).
 *
 * @param stdout standard output exactly as the command wrote it
 */
public record CapturedRun(int exitCode, byte[] stdout, String stderr) {

  /** Runs {@code builder}; a command still running after {@code timeout} is killed and reported as an error. */
  public static CapturedRun of(ProcessBuilder builder, Duration timeout) {
    try {
      Path out = Files.createTempFile("run-", ".out");
      Path err = Files.createTempFile("run-", ".err");
      try {
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              String.join(" ", builder.command()) + " did not finish within " + timeout.toSeconds() + " s");
        }
        return new CapturedRun(process.exitValue(), Files.readAllBytes(out),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }
}
