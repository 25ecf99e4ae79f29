package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.backend.TaskState;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class StatusMappingTest {
  @Test
  void everyMesosStateHasAnAuroraState() {
    assertEquals(TaskState.STARTING, StatusMapping.toAurora(Protos.TaskState.TASK_STAGING));
    assertEquals(TaskState.STARTING, StatusMapping.toAurora(Protos.TaskState.TASK_STARTING));
    assertEquals(TaskState.RUNNING, StatusMapping.toAurora(Protos.TaskState.TASK_RUNNING));
    assertEquals(TaskState.KILLING, StatusMapping.toAurora(Protos.TaskState.TASK_KILLING));
    assertEquals(TaskState.FINISHED, StatusMapping.toAurora(Protos.TaskState.TASK_FINISHED));
    assertEquals(TaskState.FAILED, StatusMapping.toAurora(Protos.TaskState.TASK_FAILED));
    assertEquals(TaskState.FAILED, StatusMapping.toAurora(Protos.TaskState.TASK_ERROR));
    assertEquals(TaskState.KILLED, StatusMapping.toAurora(Protos.TaskState.TASK_KILLED));
    assertEquals(TaskState.PARTITIONED, StatusMapping.toAurora(Protos.TaskState.TASK_UNREACHABLE));
    assertEquals(TaskState.PARTITIONED, StatusMapping.toAurora(Protos.TaskState.TASK_UNKNOWN));
    for (Protos.TaskState lost : new Protos.TaskState[] {Protos.TaskState.TASK_LOST, Protos.TaskState.TASK_DROPPED,
        Protos.TaskState.TASK_GONE, Protos.TaskState.TASK_GONE_BY_OPERATOR}) {
      assertEquals(TaskState.LOST, StatusMapping.toAurora(lost), lost.name());
    }
  }

  @Test
  void messageCarriesReasonAndSource() {
    TaskStatus status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t"))
        .setState(Protos.TaskState.TASK_LOST).setMessage("Reconciliation: Task is unknown")
        .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setSource(TaskStatus.Source.SOURCE_MASTER).build();
    assertEquals("Reconciliation: Task is unknown (TASK_LOST, REASON_RECONCILIATION, SOURCE_MASTER)",
        StatusMapping.describe(status));
  }
}
