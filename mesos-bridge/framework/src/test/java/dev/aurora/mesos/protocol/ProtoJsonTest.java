package dev.aurora.mesos.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.mesos.protobuf.ByteString;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class ProtoJsonTest {
  private final Call ack = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
      .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
      .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(AgentID.newBuilder().setValue("a1"))
          .setTaskId(TaskID.newBuilder().setValue("t1"))
          .setUuid(ByteString.copyFrom(new byte[] {(byte) 0xdf, (byte) 0xa9, 0x5b, 0x6f})))
      .build();

  @Test
  void printsSnakeCaseEnumNamesAndBase64() {
    String json = new String(ProtoJson.toJsonBytes(ack), StandardCharsets.UTF_8);
    assertEquals("{\"framework_id\":{\"value\":\"fw-1\"},\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"agent_id\":"
        + "{\"value\":\"a1\"},\"task_id\":{\"value\":\"t1\"},\"uuid\":\"36lbbw==\"}}", json);
  }

  @Test
  void roundTripsAndIgnoresUnknownKeys() {
    byte[] json = ProtoJson.toJsonBytes(ack);
    assertEquals(ack, ProtoJson.merge(json, Call.newBuilder()).build());
    Call withUnknown = ProtoJson.merge("{\"type\":\"REVIVE\",\"frameworkId\":{\"value\":\"x\"}}".getBytes(),
        Call.newBuilder()).build();
    assertEquals(Call.Type.REVIVE, withUnknown.getType());
    assertTrue(!withUnknown.hasFrameworkId(), "camelCase keys are unknown to Mesos and must be dropped");
  }

  @Test
  void numbersMayBeStringsAndInfinityIsSpelledOut() {
    Filters f = ProtoJson.merge("{\"refuse_seconds\":\"Infinity\"}".getBytes(), Filters.newBuilder()).build();
    assertEquals(Double.POSITIVE_INFINITY, f.getRefuseSeconds());
    assertEquals("{\"refuse_seconds\":\"Infinity\"}", new String(ProtoJson.toJsonBytes(f), StandardCharsets.UTF_8));
  }

  @Test
  void badValuesNameTheirPath() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProtoJson.merge("{\"type\":\"NOPE\"}".getBytes(), Call.newBuilder()));
    assertTrue(e.getMessage().contains("/type"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ProtoJson.merge("{\"acknowledge\":{\"task_id\":{\"value\":5}}}".getBytes(), Call.newBuilder()));
    assertTrue(e.getMessage().contains("/acknowledge/task_id/value"), e.getMessage());
  }
}
