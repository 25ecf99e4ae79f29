package dev.aurora.executor.mesos;

import dev.aurora.executor.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Map;

/**
 * The executor's side of {@code POST /api/v1/executor} with JSON bodies (MESOS.md A.1, A.6): one long-lived
 * SUBSCRIBE connection carrying the RecordIO event stream, and a separate short connection per other call.
 * Content-Type is sent exactly as {@code application/json}: Mesos compares it as a string.
 */
final class AgentConnection {
  private final URL url;
  private final String authToken;
  private volatile EventStream stream;

  AgentConnection(String agentEndpoint, String authToken) {
    try {
      this.url = new URL("http://" + agentEndpoint + "/api/v1/executor");
    } catch (IOException e) {
      throw new IllegalArgumentException("bad MESOS_AGENT_ENDPOINT " + agentEndpoint, e);
    }
    this.authToken = authToken;
  }

  /** Opens the event stream; the caller reads RecordIO records from it until it ends. */
  InputStream subscribe(Map<String, Object> call) throws IOException {
    EventStream opened = EventStream.open(url.getHost(), url.getPort() < 0 ? 80 : url.getPort(), url.getPath(),
        Json.write(call), authToken);
    stream = opened;
    return opened.body();
  }

  /** Sends a non-SUBSCRIBE call; returns the HTTP status (202 when accepted). */
  int send(Map<String, Object> call) throws IOException {
    HttpURLConnection connection = open(call);
    try {
      int status = connection.getResponseCode();
      if (status >= 400) {
        System.err.println("aurora-executor: agent refused " + call.get("type") + ": " + status + " "
            + errorBody(connection));
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  /** Drops the event stream, e.g. to re-subscribe or to exit; safe from any thread. */
  void closeStream() {
    EventStream s = stream;
    if (s != null) {
      s.close();
    }
  }

  private HttpURLConnection open(Map<String, Object> call) throws IOException {
    byte[] body = Json.write(call);
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(10_000);
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    if (authToken != null) {
      connection.setRequestProperty("Authorization", "Bearer " + authToken);
    }
    connection.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    return connection;
  }

  private static String errorBody(HttpURLConnection connection) {
    try (InputStream err = connection.getErrorStream()) {
      return err == null ? "" : new String(err.readNBytes(4096));
    } catch (IOException e) {
      return "";
    }
  }
}
