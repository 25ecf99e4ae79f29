package dev.aurora.operator.e2e;

import dev.aurora.crd.local.CapturedRun;
import dev.aurora.crd.local.LocalKubeApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    CapturedRun run = CapturedRun.of(builder(jvmOptions, args), Duration.ofSeconds(120));
    return new Result(run.exitCode(), run.stdoutText(), run.stderr(), run.stdout());
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
