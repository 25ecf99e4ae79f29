package dev.aurora.executor.mesos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RecordIO framing (MESOS.md A.2) and the agent's environment (A.6). */
class RecordIoAndEnvironmentTest {
  @Test
  void recordsRoundTripAndAStreamEndsCleanlyBetweenRecords() throws Exception {
    byte[] a = "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8);
    byte[] framed = RecordIo.frame(a);
    assertEquals("20\n{\"type\":\"HEARTBEAT\"}", new String(framed, StandardCharsets.UTF_8));
    ByteArrayInputStream in = new ByteArrayInputStream(concat(framed, RecordIo.frame("x".getBytes())));
    assertArrayEquals(a, RecordIo.read(in));
    assertArrayEquals("x".getBytes(), RecordIo.read(in));
    assertNull(RecordIo.read(in));
  }

  @Test
  void truncatedOrGarbledStreamsAreErrors() {
    assertThrows(EOFException.class, () -> RecordIo.read(new ByteArrayInputStream("5\nabc".getBytes())));
    assertThrows(EOFException.class, () -> RecordIo.read(new ByteArrayInputStream("12".getBytes())));
    assertThrows(IOException.class, () -> RecordIo.read(new ByteArrayInputStream("x\n".getBytes())));
    assertThrows(IOException.class, () -> RecordIo.read(new ByteArrayInputStream("0\n".getBytes())));
  }

  @Test
  void environmentIsReadWithStoutDurations() {
    MesosEnvironment env = MesosEnvironment.from(Map.of("MESOS_FRAMEWORK_ID", "fw", "MESOS_EXECUTOR_ID", "ex",
        "MESOS_AGENT_ENDPOINT", "10.0.0.1:5051", "MESOS_SANDBOX", "/tmp/sb", "MESOS_CHECKPOINT", "1",
        "MESOS_RECOVERY_TIMEOUT", "15mins", "MESOS_SUBSCRIPTION_BACKOFF_MAX", "1.5secs",
        "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "100ms"));
    assertTrue(env.checkpoint());
    assertEquals(Duration.ofMinutes(15), env.recoveryTimeout());
    assertEquals(Duration.ofMillis(1500), env.subscriptionBackoffMax());
    assertEquals(Duration.ofMillis(100), env.shutdownGracePeriod());
    assertEquals("/tmp/sb", env.sandbox().toString());
  }

  @Test
  void missingIdsAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MesosEnvironment.from(Map.of("MESOS_FRAMEWORK_ID", "fw")));
    assertTrue(e.getMessage().startsWith("MESOS_EXECUTOR_ID is not set"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MesosEnvironment.parseDuration("5 fortnights"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
