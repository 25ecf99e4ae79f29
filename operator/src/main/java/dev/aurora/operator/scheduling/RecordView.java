package dev.aurora.operator.scheduling;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** The status's bounded picture of a job, read off its record. */
final class RecordView {
  private RecordView() {
  }

  static JobSnapshot snapshot(JobRecord record) {
    List<InstanceView> views = new ArrayList<>();
    int finished = 0;
    int failedForGood = 0;
    UpdateRecord update = record.update();
    JobConfig target = record.target();
    SortedSet<Integer> killed = record.controls().killedInstances();
    for (InstanceRecord instance : record.instances()) {
      TaskRecord task = instance.task();
      String state;
      String message = task == null ? "" : task.message();
      if (killed.contains(instance.id()) && instance.relaunchAt() == null && !instance.hasActiveTask()) {
        state = TaskState.KILLED.name(); // killed on request, or never started because the spec keeps it down
        message = "killed on request (spec.killedInstances)";
      } else if (instance.relaunchAt() != null) {
        state = instance.throttled() ? TaskState.THROTTLED.name() : TaskState.PENDING.name();
      } else if (task == null) {
        state = TaskState.PENDING.name();
      } else {
        state = task.state().name();
        if (!task.active() && !task.killRequested() && !(update != null && update.controls(instance.id()))) {
          if (task.state() == TaskState.FINISHED) {
            finished++;
          } else if (task.state() == TaskState.FAILED) {
            failedForGood++;
          }
        }
      }
      views.add(new InstanceView(instance.id(), task == null ? null : task.taskId(), state,
          task == null ? null : task.host(), task == null ? Map.of() : task.ports(), instance.failures(),
          message, task == null ? instance.relaunchAt() : task.since(),
          target != null && target.hash().equals(instance.config()), task == null ? null : task.sandbox()));
    }
    UpdateRecord shown = update != null ? update : record.lastUpdate();
    JobSpec spec = target == null ? null : target.spec();
    int desiredRunning = record.desiredInstances() - killed.headSet(record.desiredInstances()).size();
    return new JobSnapshot(spec == null ? null : spec.key().toString(), target == null ? null : target.hash(),
        desiredRunning, spec != null && spec.service(), record.cron() != null, views,
        shown == null ? null : shown.view(), finished, failedForGood,
        record.cron() == null ? null : record.cron().nextRun(), record.deleting() && record.hasLiveTasks());
  }
}
