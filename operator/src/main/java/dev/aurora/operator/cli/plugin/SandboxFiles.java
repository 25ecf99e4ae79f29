package dev.aurora.operator.cli.plugin;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A task's sandbox as the plugin reads it, by paths relative to the sandbox: on this machine (the local backend) or
 * through the Mesos agent's files API. Where it is comes from the instance's {@code sandbox} in the AuroraJob status.
 */
interface SandboxFiles {
  /** The names in a directory of the sandbox; empty when it does not exist (yet). */
  List<String> list(String directory);

  /** Bytes of a file from {@code offset} (at most a backend-sized chunk); null when the file does not exist. */
  byte[] read(String file, long offset);

  static SandboxFiles of(String sandbox) {
    URI uri = URI.create(sandbox);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    return switch (scheme) {
      case "file" -> new LocalSandboxFiles(Path.of(uri));
      case "http", "https" -> AgentSandboxFiles.of(uri);
      default -> throw new PluginException("cannot read a sandbox at " + sandbox + " (known: file:, http:, https:)");
    };
  }
}
