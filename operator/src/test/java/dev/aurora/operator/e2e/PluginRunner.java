package dev.aurora.operator.e2e;

import dev.aurora.crd.local.LocalKubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kubectl plugin as a user would: its main class in a JVM of its own (the launcher's flags), talking to the
 * test's API server through the real kubectl ({@code $KUBECTL}) with the server's kubeconfig ({@code --kubeconfig}).
 */
final class PluginRunner {
  /** {@code bytes}: standard output exactly as the plugin wrote it. */
  record Result(int exit, String out, String err, byte[] bytes) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final LocalKubeApiServer server;

  PluginRunner(LocalKubeApiServer server) {
    this.server = server;
  }

  Result run(String... args) {
    return run(List.of(), args);
  }

  /** With extra JVM options (e.g. {@code -verbose:class}). */
  Result run(List<String> jvmOptions, String... args) {
    try {
      Path out = Files.createTempFile("plugin-", ".out");
      Path err = Files.createTempFile("plugin-", ".err");
      Process process = builder(jvmOptions, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl aurora " + String.join(" ", args) + " did not finish within 120 s");
      }
      byte[] bytes = Files.readAllBytes(out);
      Result result = new Result(process.exitValue(), new String(bytes, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8), bytes);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A run that keeps going (logs -f): the caller reads its stdout and ends it. */
  Process start(String... args) throws IOException {
    return builder(List.of(), args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private ProcessBuilder builder(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "dev.aurora.operator.cli.plugin.KubectlAurora"));
    command.addAll(List.of(args));
    command.add("--kubeconfig=" + server.kubeconfig());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECTL", server.binaries().kubectl().toString());
    builder.environment().remove("KUBECONFIG");
    return builder;
  }
}
