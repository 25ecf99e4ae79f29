package dev.aurora.executor.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * The executor's side of {@code POST /api/v1/executor} with JSON bodies (MESOS.md A.1, A.6): one long-lived
 * SUBSCRIBE connection carrying the RecordIO event stream, and a separate short connection per other call.
 * Content-Type is sent exactly as {@code application/json}: Mesos compares it as a string.
 */
final class AgentConnection {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URL url;
  private final String authToken;
  private volatile HttpURLConnection stream;

  AgentConnection(String agentEndpoint, String authToken) {
    try {
      this.url = new URL("http://" + agentEndpoint + "/api/v1/executor");
    } catch (IOException e) {
      throw new IllegalArgumentException("bad MESOS_AGENT_ENDPOINT " + agentEndpoint, e);
    }
    this.authToken = authToken;
  }

  /** Opens the event stream; the caller reads RecordIO records from it until it ends. */
  InputStream subscribe(JsonNode call) throws IOException {
    HttpURLConnection connection = open(call, "application/json");
    connection.setReadTimeout(0);
    int status = connection.getResponseCode();
    if (status != 200) {
      String body = errorBody(connection);
      connection.disconnect();
      throw new IOException("SUBSCRIBE answered " + status + " " + body);
    }
    stream = connection;
    return connection.getInputStream();
  }

  /** Sends a non-SUBSCRIBE call; returns the HTTP status (202 when accepted). */
  int send(JsonNode call) throws IOException {
    HttpURLConnection connection = open(call, null);
    try {
      int status = connection.getResponseCode();
      if (status >= 400) {
        System.err.println("aurora-executor: agent refused " + call.path("type").asText() + ": " + status + " "
            + errorBody(connection));
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  /** Drops the event stream, e.g. to re-subscribe or to exit. */
  void closeStream() {
    HttpURLConnection s = stream;
    if (s != null) {
      s.disconnect();
    }
  }

  private HttpURLConnection open(JsonNode call, String accept) throws IOException {
    byte[] body = JSON.writeValueAsBytes(call);
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(accept == null ? 10_000 : 0);
    if (accept != null) {
      connection.setRequestProperty("Accept", accept);
    }
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
