package dev.aurora.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void assignedTaskDocumentIsCompactJsonWithTheJobInline() {
    AssignedTask task = new AssignedTask("t-1", 4, "agent-1", Map.of("http", 31001), "{\"name\":\"x\"}");
    assertEquals("{\"taskId\":\"t-1\",\"instanceId\":4,\"hostname\":\"agent-1\",\"ports\":{\"http\":31001},"
        + "\"job\":{\"name\":\"x\"}}", task.toJson());
    assertEquals(task, AssignedTask.parse(task.toJson()));
  }
}
