package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API server as the plugin reaches it: through the user's own {@code kubectl} ({@code $KUBECTL}, else
 * {@code kubectl} on PATH), so the kubeconfig, its contexts, credentials plugins and RBAC all apply as they do to
 * every other kubectl command, and the plugin carries no client library of its own.
 */
final class Kubectl {
  static final String JOBS = "aurorajobs.aurora.dev";
  static final String JOB_STATES = "aurorajobstates.aurora.dev";
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> base;

  Kubectl(String binary, String context, String kubeconfig) {
    base = new ArrayList<>();
    base.add(binary);
    if (kubeconfig != null) {
      base.add("--kubeconfig=" + kubeconfig);
    }
    if (context != null) {
      base.add("--context=" + context);
    }
  }

  static Kubectl of(Map<String, String> environment, String context, String kubeconfig) {
    String binary = environment.get("KUBECTL");
    return new Kubectl(binary == null || binary.isBlank() ? "kubectl" : binary, context, kubeconfig);
  }

  /** The AuroraJob as JSON. */
  JsonNode job(JobAddress job) {
    return json(job.args("get", JOBS, "-o", "json"));
  }

  /** One of the job's record objects (AuroraJobState), or null when it does not exist. */
  JsonNode jobState(JobAddress job, String objectName) {
    List<String> args = new ArrayList<>(List.of("get", JOB_STATES, objectName, "--ignore-not-found", "-o", "json"));
    if (job.namespace() != null) {
      args.add("--namespace=" + job.namespace());
    }
    String out = run(args);
    return out.isBlank() ? null : parse(out);
  }

  /** A JSON merge patch of the AuroraJob; returns kubectl's one-line answer. */
  String mergePatch(JobAddress job, String patch) {
    return run(job.args("patch", JOBS, "--type=merge", "-p", patch)).trim();
  }

  JsonNode json(List<String> args) {
    return parse(run(args));
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new PluginException("kubectl printed something that is not JSON: " + e.getMessage());
    }
  }

  /** Runs kubectl; its standard error passes through; a failure ends the command with kubectl's own message. */
  String run(List<String> args) {
    List<String> command = new ArrayList<>(base);
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE)
          .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      byte[][] err = new byte[1][];
      Thread errors = new Thread(() -> err[0] = readAll(process.getErrorStream()), "kubectl-stderr");
      errors.start();
      byte[] out = readAll(process.getInputStream());
      int status = process.waitFor();
      errors.join();
      String stderr = new String(err[0], StandardCharsets.UTF_8).trim();
      if (status != 0) {
        throw new PluginException(stderr.isEmpty() ? "kubectl " + String.join(" ", args) + " failed (exit "
            + status + ")" : stderr);
      }
      if (!stderr.isEmpty()) {
        System.err.println(stderr); // warnings (deprecations, unknown fields) stay visible
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PluginException("cannot run " + base.get(0) + " (set $KUBECTL or put kubectl on PATH): "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException("interrupted");
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
