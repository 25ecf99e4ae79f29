package dev.aurora.mesos.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * The part of the Mesos fetcher our ExecutorInfo uses (MESOS.md A.8): local paths, {@code file://} and
 * {@code http(s)://} URIs copied into the sandbox under {@code output_file} or their base name, made executable when
 * asked. Archives are not extracted (the executor jar is sent with {@code extract=false}); the cache is not modelled.
 */
final class Fetcher {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Fetcher() {
  }

  static void fetch(List<CommandInfo.URI> uris, Path sandbox) throws IOException {
    Files.createDirectories(sandbox);
    for (CommandInfo.URI uri : uris) {
      String value = uri.getValue();
      String name = uri.hasOutputFile() ? uri.getOutputFile()
          : value.substring(value.lastIndexOf('/') + 1);
      Path target = sandbox.resolve(name).normalize();
      if (!target.startsWith(sandbox)) {
        throw new IOException("output_file escapes the sandbox: " + name);
      }
      if (value.startsWith("http://") || value.startsWith("https://")) {
        download(URI.create(value), target);
      } else {
        Path source = Path.of(value.startsWith("file://") ? URI.create(value).getPath() : value);
        if (!source.isAbsolute()) {
          throw new IOException("relative URI '" + value + "' needs the agent's --frameworks_home");
        }
        if (!Files.isRegularFile(source)) {
          throw new IOException("'" + value + "' does not exist");
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (uri.getExecutable() && !target.toFile().setExecutable(true)) {
        throw new IOException("cannot make " + target + " executable");
      }
    }
  }

  private static void download(URI uri, Path target) throws IOException {
    try {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode() + " fetching " + uri);
        }
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + uri, e);
    }
  }
}
