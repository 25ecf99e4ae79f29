package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A sandbox read through its Mesos agent's files API, as the Mesos web UI reads one: {@code /files/browse?path=} for
 * a directory's entries, {@code /files/read?path=&offset=&length=} for a file's bytes from an offset (JSON
 * {@code {"data", "offset"}}). The sandbox URI is the agent's {@code .../files/read?path=<virtual sandbox path>}.
 */
final class AgentSandboxFiles implements SandboxFiles {
  /** What one read asks for; the agent caps a read at 16 pages anyway. */
  private static final int CHUNK = 64 * 1024;

  private final String agent;
  private final String root;

  private AgentSandboxFiles(String agent, String root) {
    this.agent = agent;
    this.root = root;
  }

  static AgentSandboxFiles of(URI sandbox) {
    String path = null;
    String query = sandbox.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("path=")) {
          path = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
        }
      }
    }
    if (path == null || path.isEmpty()) {
      throw new PluginException("the sandbox " + sandbox + " names no path= on the agent");
    }
    String agent = sandbox.getScheme() + "://" + sandbox.getRawAuthority();
    return new AgentSandboxFiles(agent, path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
  }

  @Override
  public List<String> list(String directory) {
    JsonNode listing = getJson("/files/browse?path=" + encode(root + "/" + directory));
    List<String> names = new ArrayList<>();
    if (listing != null) {
      for (JsonNode entry : listing) {
        String p = entry.path("path").asText();
        names.add(p.substring(p.lastIndexOf('/') + 1));
      }
    }
    return names;
  }

  @Override
  public byte[] read(String file, long offset) {
    byte[] answer = get("/files/read?path=" + encode(root + "/" + file) + "&offset=" + offset + "&length=" + CHUNK);
    return answer == null ? null : FilesReadAnswer.parse(answer).data();
  }

  private JsonNode getJson(String pathAndQuery) {
    byte[] body = get(pathAndQuery);
    try {
      return body == null ? null : Kubectl.JSON.readTree(body);
    } catch (IOException e) {
      throw new PluginException("the agent's answer to " + pathAndQuery + " is not JSON: " + e.getMessage());
    }
  }

  /** The body of a GET, or null for 404; other answers end the command with the agent's reason. */
  private byte[] get(String pathAndQuery) {
    String url = agent + pathAndQuery;
    try {
      HttpURLConnection http = (HttpURLConnection) URI.create(url).toURL().openConnection();
      http.setConnectTimeout(10_000);
      http.setReadTimeout(30_000);
      int status = http.getResponseCode();
      if (status == 404) {
        return null;
      }
      if (status != 200) {
        InputStream error = http.getErrorStream();
        String reason = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8).trim();
        throw new PluginException("the agent answered " + status + " to " + url + (reason.isEmpty() ? ""
            : ": " + reason));
      }
      try (InputStream in = http.getInputStream()) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new PluginException("cannot reach the agent's files API at " + url + ": " + e.getMessage());
    }
  }

  private static String encode(String path) {
    return URLEncoder.encode(path, StandardCharsets.UTF_8);
  }
}
