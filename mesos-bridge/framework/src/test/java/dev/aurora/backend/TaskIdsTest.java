package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskIdsTest {
  @Test
  void auroraStyleIdWithUnsafeCharactersReplaced() {
    UUID uuid = UUID.fromString("0f5c8c1e-6f0b-4f3e-9d7a-2b1c3d4e5f60");
    assertEquals("www-data-prod-hello-world-2-0f5c8c1e-6f0b-4f3e-9d7a-2b1c3d4e5f60",
        TaskIds.newTaskId(new JobKey("www-data", "prod", "hello.world"), 2, uuid));
  }

  @Test
  void idsAreUniquePerCall() {
    JobKey key = new JobKey("r", "e", "n");
    assertNotEquals(TaskIds.newTaskId(key, 0), TaskIds.newTaskId(key, 0));
    assertTrue(TaskIds.newTaskId(key, 0).startsWith("r-e-n-0-"));
  }

  @Test
  void badJobKeysAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JobKey("r", "e e", "n"));
    assertEquals("Invalid environment 'e e'", e.getMessage());
  }

  @Test
  void launchRequestFromTheHelloWorldExample() throws Exception {
    var job = ((com.fasterxml.jackson.databind.node.ObjectNode) PlacementBinderTest.expectedJob("thermos_profile"));
    LaunchRequest request = LaunchRequest.forInstance(job, 0);
    assertEquals(new JobKey("www-data", "test", "profile_demo"), request.job());
    assertEquals(new TaskResources(0.1, 16, 16, java.util.List.of()), request.resources());
    assertTrue(request.taskId().startsWith("www-data-test-profile_demo-0-"));
    assertEquals(java.util.List.of(new PlacementConstraint.LimitConstraint("host", 1)), request.constraints());
  }

  @Test
  void assignedTaskDocumentRoundTrips() throws Exception {
    var job = new ObjectMapper().readTree("{\"name\":\"x\"}");
    AssignedTask task = new AssignedTask("t-1", 4, "agent-1", Map.of("http", 31001), job);
    byte[] bytes = task.toJsonBytes();
    assertEquals("{\"taskId\":\"t-1\",\"instanceId\":4,\"hostname\":\"agent-1\",\"ports\":{\"http\":31001},"
        + "\"job\":{\"name\":\"x\"}}", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(task, AssignedTask.fromJsonBytes(bytes));
  }
}
