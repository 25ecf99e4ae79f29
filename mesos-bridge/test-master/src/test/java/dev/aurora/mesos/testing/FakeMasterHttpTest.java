package dev.aurora.mesos.testing;

import static dev.aurora.mesos.testing.RawScheduler.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.mesos.protocol.MesosHttp;
import dev.aurora.mesos.protocol.ProtoJson;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP rules of the in-test master's scheduler endpoint, one per test (MESOS.md A.1, A.4, A.5, A.10.1-3). */
class FakeMasterHttpTest {
  private FakeMesosCluster cluster;

  private FakeMesosCluster cluster(int masters, MasterOptions options) throws Exception {
    ScheduledOrNot runtime = new ScheduledOrNot();
    cluster = new FakeMesosCluster(masters, options, runtime.executors);
    runtime.executors.attach(cluster);
    return cluster;
  }

  private static final class ScheduledOrNot {
    final ScriptedExecutors executors = ScriptedExecutors.running();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void onlyPostIsAccepted() throws Exception {
    var response = RawScheduler.raw(cluster(1, MasterOptions.forTests()).leaderUrl(), "GET", null, new byte[0]);
    assertEquals(405, response.statusCode());
  }

  @Test
  void contentTypeMustBePresentAndExact() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    byte[] body = RawScheduler.subscribeCall(null).toByteArray();
    var missing = RawScheduler.raw(url, "POST", null, body);
    assertEquals(400, missing.statusCode());
    assertEquals("Expecting 'Content-Type' to be present", missing.body());
    assertEquals(415, RawScheduler.raw(url, "POST", "application/x-protobuf; charset=utf-8", body).statusCode());
  }

  @Test
  void undecodableBodiesAre400() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    var proto = RawScheduler.raw(url, "POST", MesosHttp.PROTOBUF, new byte[] {(byte) 0xff, 0x01});
    assertEquals(400, proto.statusCode());
    assertTrue(proto.body().startsWith("Failed to parse body into Call protobuf"), proto.body());
    var json = RawScheduler.raw(url, "POST", MesosHttp.JSON, "{\"type\":\"SUBSCRIBE\",".getBytes());
    assertEquals(400, json.statusCode());
    assertTrue(json.body().startsWith("Failed to convert JSON into Call protobuf"), json.body());
  }

  @Test
  void subscribeWithoutAcceptStreamsJsonRecordIO() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    HttpResponse<InputStream> response = RawScheduler.HTTP.send(HttpRequest.newBuilder(
            url.resolve(MesosHttp.SCHEDULER_PATH)).header("Content-Type", MesosHttp.JSON)
        .POST(HttpRequest.BodyPublishers.ofByteArray(ProtoJson.toJsonBytes(RawScheduler.subscribeCall(null))))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertEquals(MesosHttp.JSON, response.headers().firstValue("Content-Type").orElseThrow());
    String streamId = response.headers().firstValue(MesosHttp.STREAM_ID).orElseThrow();
    assertTrue(streamId.length() <= 128);
    InputStream in = response.body();
    String header = readLine(in);
    byte[] record = in.readNBytes(Integer.parseInt(header));
    String json = new String(record, StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":"), json);
    assertTrue(json.contains("\"heartbeat_interval_seconds\":0.5"), json);
    assertEquals("{\"type\":\"HEARTBEAT\"}", new String(in.readNBytes(Integer.parseInt(readLine(in))),
        StandardCharsets.UTF_8), "one HEARTBEAT right after SUBSCRIBED");
    in.close();
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder digits = new StringBuilder();
    int b;
    while ((b = in.read()) != '\n') {
      assertTrue(b >= '0' && b <= '9', "RecordIO length must be decimal digits, got " + b);
      digits.append((char) b);
    }
    return digits.toString();
  }

  @Test
  void protobufStreamWhenAskedAnd406ForNeither() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    try (RawScheduler s = new RawScheduler(url).subscribe()) {
      assertEquals(MesosHttp.PROTOBUF, s.response.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(s.frameworkId != null);
      s.next(type(Event.Type.HEARTBEAT));
    }
    var refused = RawScheduler.raw(url, "POST", MesosHttp.PROTOBUF, RawScheduler.subscribeCall(null).toByteArray(),
        "Accept", "text/plain");
    assertEquals(406, refused.statusCode());
  }

  @Test
  void subscribeMustNotCarryAStreamId() throws Exception {
    var response = RawScheduler.raw(cluster(1, MasterOptions.forTests()).leaderUrl(), "POST", MesosHttp.PROTOBUF,
        RawScheduler.subscribeCall(null).toByteArray(), MesosHttp.STREAM_ID, "x");
    assertEquals(400, response.statusCode());
    assertEquals("Subscribe calls should not include the 'Mesos-Stream-Id' header", response.body());
  }

  @Test
  void subscribeFrameworkIdsMustAgree() throws Exception {
    Call call = RawScheduler.subscribeCall("a").toBuilder()
        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue("b")).build();
    var response = RawScheduler.raw(cluster(1, MasterOptions.forTests()).leaderUrl(), "POST", MesosHttp.PROTOBUF,
        call.toByteArray());
    assertEquals(400, response.statusCode());
    assertTrue(response.body().startsWith("Failed to validate scheduler::Call"), response.body());
  }

  @Test
  void otherCallsNeedTheCurrentStreamId() throws Exception {
    try (RawScheduler s = new RawScheduler(cluster(1, MasterOptions.forTests()).leaderUrl()).subscribe()) {
      String good = s.streamId;
      s.streamId = null;
      var missing = s.post(Call.newBuilder().setType(Call.Type.REVIVE));
      assertEquals(400, missing.statusCode());
      assertEquals("All non-subscribe calls should include the 'Mesos-Stream-Id' header", missing.body());
      s.streamId = "not-the-stream";
      var wrong = s.post(Call.newBuilder().setType(Call.Type.REVIVE));
      assertEquals(400, wrong.statusCode());
      assertTrue(wrong.body().contains("didn't match"), wrong.body());
      s.streamId = good;
      var ok = s.post(Call.newBuilder().setType(Call.Type.REVIVE));
      assertEquals(202, ok.statusCode());
      assertEquals("", ok.body());
    }
  }

  @Test
  void unknownFrameworkIs400AndDisconnectedFrameworkIs403() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    RawScheduler stranger = new RawScheduler(url);
    stranger.frameworkId = "nobody";
    stranger.streamId = "x";
    var unknown = stranger.post(Call.newBuilder().setType(Call.Type.REVIVE));
    assertEquals(400, unknown.statusCode());
    assertEquals("Framework cannot be found", unknown.body());

    RawScheduler s = new RawScheduler(url).subscribe();
    s.close();
    // The master notices the dropped connection at its next write (a heartbeat); poll until it has.
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status;
    do {
      status = s.post(Call.newBuilder().setType(Call.Type.REVIVE)).statusCode();
    } while (status != 403 && System.nanoTime() < deadline);
    assertEquals(403, status);
  }

  @Test
  void standbyMastersRedirectToTheLeaderAndAnswer503WithoutOne() throws Exception {
    FakeMesosCluster c = cluster(2, MasterOptions.forTests());
    var standby = c.master(1).url();
    var redirected = RawScheduler.raw(standby, "POST", MesosHttp.PROTOBUF,
        RawScheduler.subscribeCall(null).toByteArray());
    assertEquals(307, redirected.statusCode());
    assertEquals("//127.0.0.1:" + c.master(0).url().getPort() + "/api/v1/scheduler",
        redirected.headers().firstValue("Location").orElseThrow());
    c.crashLeader();
    var noLeader = RawScheduler.raw(standby, "POST", MesosHttp.PROTOBUF,
        RawScheduler.subscribeCall(null).toByteArray());
    assertEquals(503, noLeader.statusCode());
    assertEquals("No leader elected", noLeader.body());
    c.elect(1);
    try (RawScheduler s = new RawScheduler(standby).subscribe()) {
      assertTrue(s.frameworkId != null);
    }
  }

  @Test
  void credentialsAreCheckedWhenConfigured() throws Exception {
    var url = cluster(1, MasterOptions.forTests().withCredentials(Map.of("aurora", "s3cret"))).leaderUrl();
    byte[] body = RawScheduler.subscribeCall(null).toByteArray();
    assertEquals(401, RawScheduler.raw(url, "POST", MesosHttp.PROTOBUF, body).statusCode());
    String wrong = "Basic " + Base64.getEncoder().encodeToString("aurora:nope".getBytes());
    assertEquals(401, RawScheduler.raw(url, "POST", MesosHttp.PROTOBUF, body, "Authorization", wrong).statusCode());
    String right = "Basic " + Base64.getEncoder().encodeToString("aurora:s3cret".getBytes());
    HttpResponse<InputStream> ok = RawScheduler.HTTP.send(HttpRequest.newBuilder(
            url.resolve(MesosHttp.SCHEDULER_PATH)).header("Content-Type", MesosHttp.PROTOBUF)
        .header("Authorization", right).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, ok.statusCode());
    ok.body().close();
  }

  @Test
  void resubscribingClosesTheOldStreamWithFrameworkFailedOver() throws Exception {
    var url = cluster(1, MasterOptions.forTests()).leaderUrl();
    try (RawScheduler first = new RawScheduler(url).subscribe();
         RawScheduler second = new RawScheduler(url)) {
      second.frameworkId = first.frameworkId;
      second.subscribe();
      assertEquals(first.frameworkId, second.frameworkId);
      assertNotEquals(first.streamId, second.streamId);
      Event error = first.next(type(Event.Type.ERROR));
      assertEquals("Framework failed over", error.getError().getMessage());
      first.next(type(Event.Type.UNKNOWN)); // and the old stream ends
    }
  }

  @Test
  void callTypesAreCheckedMissingIs400UnknownIs501AndMessageIsAccepted() throws Exception {
    try (RawScheduler s = new RawScheduler(cluster(1, MasterOptions.forTests()).leaderUrl()).subscribe()) {
      var missing = s.post(Call.newBuilder());
      assertEquals(400, missing.statusCode());
      assertTrue(missing.body().contains("Expecting 'type' to be present"), missing.body());
      assertEquals(501, s.post(Call.newBuilder().setType(Call.Type.UNKNOWN)).statusCode());
      assertEquals(202, s.post(Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
          .setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue("a"))
          .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e"))
          .setData(org.apache.mesos.protobuf.ByteString.copyFromUtf8("hi")))).statusCode());
    }
  }

  @Test
  void redirectEndpointNamesTheLeader() throws Exception {
    FakeMesosCluster c = cluster(2, MasterOptions.forTests());
    var response = RawScheduler.HTTP.send(HttpRequest.newBuilder(c.master(1).url().resolve("/redirect")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(307, response.statusCode());
    assertEquals("//127.0.0.1:" + c.master(0).url().getPort(), response.headers().firstValue("Location")
        .orElseThrow());
  }
}
