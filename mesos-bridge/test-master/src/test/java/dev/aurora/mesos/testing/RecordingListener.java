package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects backend status events per task and waits for states with a deadline. */
final class RecordingListener implements TaskStatusListener {
  private final Map<String, List<TaskStatusEvent>> byTask = new LinkedHashMap<>();

  @Override
  public synchronized void onStatus(TaskStatusEvent event) {
    byTask.computeIfAbsent(event.taskId(), k -> new ArrayList<>()).add(event);
    notifyAll();
  }

  synchronized List<TaskState> states(String taskId) {
    return byTask.getOrDefault(taskId, List.of()).stream().map(TaskStatusEvent::state).toList();
  }

  synchronized TaskStatusEvent last(String taskId) {
    List<TaskStatusEvent> events = byTask.get(taskId);
    return events == null ? null : events.get(events.size() - 1);
  }

  synchronized Map<String, TaskState> latest() {
    Map<String, TaskState> out = new LinkedHashMap<>();
    byTask.forEach((id, events) -> out.put(id, events.get(events.size() - 1).state()));
    return out;
  }

  synchronized TaskStatusEvent await(String taskId, TaskState state, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (TaskStatusEvent e : byTask.getOrDefault(taskId, List.of())) {
        if (e.state() == state) {
          return e;
        }
      }
      TaskStatusEvent last = last(taskId);
      if (last != null && last.state().isTerminal()) {
        fail("task " + taskId + " ended " + last.state() + " (" + last.message() + ") instead of reaching " + state
            + "; saw " + states(taskId));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("task " + taskId + " never reached " + state + "; saw " + states(taskId));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized TaskStatusEvent await(String taskId, TaskState state) throws InterruptedException {
    return await(taskId, state, Duration.ofSeconds(10));
  }

  /** No task reported the same state twice in a row (each change once), i.e. duplicates were absorbed. */
  synchronized void assertNoRepeatedStates() {
    byTask.forEach((id, events) -> {
      for (int i = 1; i < events.size(); i++) {
        if (events.get(i).state() == events.get(i - 1).state()) {
          fail("task " + id + " reported " + events.get(i).state() + " twice: " + states(id));
        }
      }
    });
  }
}
