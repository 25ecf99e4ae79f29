package dev.aurora.executor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pins each agent-side rule of the in-test endpoint to MESOS.md A.1/A.6, with raw HTTP. */
class AgentExecutorEndpointTest {
  private AgentExecutorEndpoint agent;

  @BeforeEach
  void start() throws Exception {
    agent = AgentExecutorEndpoint.start("agent-1", "fw-1");
    agent.register("exec-1"); // this test plays the executor itself
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private record Reply(int status, String contentType, String body) {}

  private Reply post(String contentType, String body) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL("http://" + agent.endpoint() + "/api/v1/executor")
        .openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    if (contentType != null) {
      c.setRequestProperty("Content-Type", contentType);
    }
    try (OutputStream out = c.getOutputStream()) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    String text;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      text = in == null ? "" : new String(in.readNBytes(200), StandardCharsets.UTF_8);
    }
    String type = c.getContentType();
    c.disconnect();
    return new Reply(status, type, text);
  }

  /** HttpURLConnection always adds a Content-Type to a POST, so this one is written by hand. */
  private String rawPostWithoutContentType(String body) throws IOException {
    String[] hostPort = agent.endpoint().split(":");
    try (java.net.Socket socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(("POST /api/v1/executor HTTP/1.1\r\nHost: " + agent.endpoint()
          + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  private static String call(String type, String extra) {
    return "{\"executor_id\":{\"value\":\"exec-1\"},\"framework_id\":{\"value\":\"fw-1\"},\"type\":\"" + type + "\""
        + extra + "}";
  }

  private static String update(String uuid, String source, String state) {
    return call("UPDATE", ",\"update\":{\"status\":{\"task_id\":{\"value\":\"t\"},\"state\":\"" + state
        + "\",\"source\":\"" + source + "\",\"uuid\":\"" + uuid + "\"}}");
  }

  @Test
  void contentTypeMustBePresentAndExactlyJson() throws Exception {
    assertTrue(rawPostWithoutContentType(call("HEARTBEAT", "")).startsWith("HTTP/1.1 400"));
    assertEquals(415, post("application/json; charset=utf-8", call("HEARTBEAT", "")).status());
    assertEquals(202, post("application/json", call("HEARTBEAT", "")).status());
  }

  @Test
  void onlyPostIsServed() throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://" + agent.endpoint() + "/api/v1/executor")
        .openConnection();
    assertEquals(405, c.getResponseCode());
  }

  @Test
  void callsNeedKnownIdsAndASubscriptionFirst() throws Exception {
    assertEquals(400, post("application/json", "{\"type\":\"UPDATE\"}").status());
    assertEquals(400, post("application/json", call("UPDATE", "").replace("fw-1", "other")).status());
    assertEquals(400, post("application/json", call("UPDATE", "").replace("exec-1", "nobody")).status());
    Reply early = post("application/json", update(uuid(), "SOURCE_EXECUTOR", "TASK_RUNNING"));
    assertEquals(403, early.status());
    assertEquals("Executor is not subscribed", early.body());
    assertEquals(400, post("application/json", "not json").status());
  }

  @Test
  void updatesAreValidatedOnceSubscribed() throws Exception {
    Thread subscriber = new Thread(() -> {
      try {
        post("application/json", call("SUBSCRIBE", ",\"subscribe\":{}"));
      } catch (IOException e) {
        // the stream ends when the test closes the agent
      }
    });
    subscriber.setDaemon(true);
    subscriber.start();
    agent.awaitSubscribe("exec-1", 1, java.time.Duration.ofSeconds(10));
    assertEquals(400, post("application/json", update("AAAA", "SOURCE_EXECUTOR", "TASK_RUNNING")).status());
    assertEquals(400, post("application/json", update(uuid(), "SOURCE_AGENT", "TASK_RUNNING")).status());
    assertEquals(400, post("application/json", update(uuid(), "SOURCE_EXECUTOR", "TASK_STAGING")).status());
    assertEquals(202, post("application/json", update(uuid(), "SOURCE_EXECUTOR", "TASK_RUNNING")).status());
    assertEquals(1, agent.updates("exec-1").size());
  }

  private static String uuid() {
    return Base64.getEncoder().encodeToString(new byte[16]).replace("AAAA", "AQID");
  }

  @Test
  void subscribeStreamsRecordIoStartingWithSubscribed() throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://" + agent.endpoint() + "/api/v1/executor")
        .openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(call("SUBSCRIBE", ",\"subscribe\":{}").getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(200, c.getResponseCode());
    assertEquals("application/json", c.getContentType());
    byte[] first = dev.aurora.executor.mesos.RecordIo.read(c.getInputStream());
    String event = new String(first, StandardCharsets.UTF_8);
    assertTrue(event.startsWith("{\"type\":\"SUBSCRIBED\""), event);
    c.disconnect();
  }
}
