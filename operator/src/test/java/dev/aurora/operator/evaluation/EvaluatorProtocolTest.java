package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.ProtocolException;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorProtocolTest {

  @Test
  void framesRoundTripAndEndCleanlyBetweenFrames() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Frames.write(out, "one".getBytes(StandardCharsets.UTF_8));
    Frames.write(out, new byte[0]);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), Frames.read(in, 10));
    assertArrayEquals(new byte[0], Frames.read(in, 10));
    assertNull(Frames.read(in, 10));
  }

  @Test
  void anAnnouncedFrameOverTheLimitIsRefusedBeforeAllocating() {
    byte[] twoGigabytes = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'};
    Frames.FrameTooLargeException e = assertThrows(Frames.FrameTooLargeException.class,
        () -> Frames.read(new ByteArrayInputStream(twoGigabytes), 1024));
    assertEquals(0x7fffffffL, e.announced());
  }

  @Test
  void aStreamEndingInsideAFrameIsAnError() {
    byte[] truncated = {0, 0, 0, 10, 'a', 'b'};
    assertThrows(EOFException.class, () -> Frames.read(new ByteArrayInputStream(truncated), 1024));
  }

  @Test
  void requestsRoundTripWithEveryField() throws Exception {
    EvaluationInput input = new EvaluationInput("main.aurora", "jobs = []", Map.of("lib.aurora", "X = 1"),
        "c/r/e/n", List.of("a=1", "b=2"), Map.of("USER", "jdoe"));
    Request request = Request.of(42, input, EvaluationLimits.DEFAULTS);
    assertEquals(request, EvaluatorProtocol.decodeRequest(EvaluatorProtocol.encode(request)));
  }

  @Test
  void responsesRoundTripJobsAndStructuredErrors() throws Exception {
    Response jobs = Response.success(1, List.of("{\"name\":\"a\"}", "{\"name\":\"b\"}"));
    assertEquals(jobs, EvaluatorProtocol.decodeResponse(EvaluatorProtocol.encode(jobs)));
    Response error = Response.failure(2, new EvaluationFailure(Kind.INVALID_CONFIG, "a.aurora", 3,
        "task.processes[0]", "NameError: name 'Proces' is not defined"), true);
    assertEquals(error, EvaluatorProtocol.decodeResponse(EvaluatorProtocol.encode(error)));
  }

  @Test
  void anotherProtocolVersionOrMessageTypeIsRefused() {
    ProtocolException version = assertThrows(ProtocolException.class, () -> EvaluatorProtocol.decodeResponse(
        "{\"protocol\":2,\"type\":\"response\",\"id\":1,\"jobs\":[]}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(version.getMessage().contains("protocol 2"), version.getMessage());
    ProtocolException type = assertThrows(ProtocolException.class, () -> EvaluatorProtocol.decodeRequest(
        EvaluatorProtocol.encode(new EvaluatorProtocol.Ready("v"))));
    assertTrue(type.getMessage().contains("expected a 'request'"), type.getMessage());
  }

  @Test
  void malformedRequestsNameTheBadField() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> EvaluatorProtocol.decodeRequest(
        ("{\"protocol\":1,\"type\":\"request\",\"id\":1,\"file\":\"a\",\"source\":\"\",\"files\":{\"x\":1},"
            + "\"limits\":{\"timeMillis\":1,\"outputBytes\":1,\"recursion\":1}}").getBytes(StandardCharsets.UTF_8)));
    assertEquals("'files.x' must be a string", e.getMessage());
  }
}
