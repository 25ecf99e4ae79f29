package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignedTaskTest {
  private static final String JOB = "{\"name\":\"web\",\"task\":{\"processes\":[{\"cmdline\":"
      + "\"serve {{thermos.ports[http]}} \\\"quoted\\\" ü\"}]},\"announce\":{\"portmap\":{\"alias\":\"http\"}}}";

  @Test
  void roundTripKeepsEveryFieldAndTheJobTextVerbatim() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("http", 31000);
    ports.put("admin", 31001);
    AssignedTask task = new AssignedTask("www-data-prod-web-3-uuid", 3, "host1.example", ports, JOB);
    AssignedTask back = AssignedTask.parse(task.toJson());
    assertEquals(task, back);
    assertEquals(JOB, back.job());
    assertEquals(List.of("http", "admin"), List.copyOf(back.ports().keySet()));
  }

  @Test
  void jobWrittenOverSeveralLinesIsKeptAsWritten() {
    String job = "{\n  \"name\": \"web\",\n  \"task\": {}\n}";
    String json = "{\"taskId\": \"t-0\", \"extra\": [1, {\"x\": 2}],\n \"instanceId\": 0, \"hostname\": \"h\",\n"
        + " \"ports\": {}, \"job\": " + job + "}";
    AssignedTask task = AssignedTask.parse(json);
    assertEquals(job, task.job());
    assertEquals(Map.of(), task.ports());
  }

  @Test
  void errorsNameTheFieldAndLine() {
    IllegalArgumentException noJob = assertThrows(IllegalArgumentException.class,
        () -> AssignedTask.parse("{\"taskId\":\"t\",\"instanceId\":0,\"hostname\":\"h\",\"ports\":{}}"));
    assertTrue(noJob.getMessage().startsWith("line 1: job: required object is missing"), noJob.getMessage());
    IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
        () -> AssignedTask.parse("{\"taskId\":\"t\",\n\"ports\":{\"http\":\"x\"}}"));
    assertEquals("line 2: ports[http]: must be a port number (0-65535), got x", badPort.getMessage());
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
        () -> AssignedTask.parse("{\"taskId\":\"t\",\n\n\"job\":{"));
    assertTrue(malformed.getMessage().startsWith("line 3: malformed JSON"), malformed.getMessage());
    IllegalArgumentException noInstance = assertThrows(IllegalArgumentException.class,
        () -> AssignedTask.parse("{\"taskId\":\"t\",\"hostname\":\"h\",\"job\":{}}"));
    assertEquals("line 1: instanceId: required integer is missing", noInstance.getMessage());
  }
}
