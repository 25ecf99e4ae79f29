package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.backend.Backend;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects backend status events per task and waits for states with a deadline. Given a backend
 * ({@link #acknowledging}), it acknowledges every event once recorded, as the scheduling core does once it has
 * applied one; without, nothing is acknowledged.
 */
final class RecordingListener implements TaskStatusListener {
  private final Map<String, List<TaskStatusEvent>> byTask = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();

  private volatile Backend acknowledgeTo;
  private int initialReports;

  /** Acknowledges each event to {@code backend} after recording it. */
  RecordingListener acknowledging(Backend backend) {
    acknowledgeTo = backend;
    return this;
  }

  @Override
  public void onStatus(TaskStatusEvent event) {
    Backend backend = acknowledgeTo;
    synchronized (this) {
      byTask.computeIfAbsent(event.taskId(), k -> new ArrayList<>()).add(event);
      order.add(event.taskId() + " " + event.state());
      notifyAll();
    }
    if (backend != null) {
      backend.acknowledge(event);
    }
  }

  @Override
  public synchronized void onInitialReportComplete() {
    initialReports++;
    order.add("initial report complete");
    notifyAll();
  }

  /** Every event and the end of the initial report, in arrival order ({@code "<task id> <state>"}). */
  synchronized List<String> order() {
    return List.copyOf(order);
  }

  synchronized List<TaskStatusEvent> events(String taskId) {
    return List.copyOf(byTask.getOrDefault(taskId, List.of()));
  }

  synchronized int initialReports() {
    return initialReports;
  }

  synchronized void awaitInitialReport(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (initialReports == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("the initial report never completed; saw " + order);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /**
   * The states reported for a task, a repeat of the previous state counted once when it asks for an acknowledgement:
   * the same update redelivered before the acknowledgement of its first delivery was handled, or the update itself
   * after a reconciliation answer announced its state. How often that happens depends on timing, what changed does
   * not. A repeat without ackId counts (the framework should have absorbed it); that repeats of acknowledged updates
   * are absorbed is AcknowledgementTest's business.
   */
  synchronized List<TaskState> states(String taskId) {
    List<TaskState> states = new ArrayList<>();
    TaskStatusEvent previous = null;
    for (TaskStatusEvent e : byTask.getOrDefault(taskId, List.of())) {
      boolean unacknowledgedRepeat = previous != null && previous.state() == e.state() && e.ackId() != null;
      if (!unacknowledgedRepeat) {
        states.add(e.state());
      }
      previous = e;
    }
    return states;
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

  /** The first delivery of {@code state} that asks for an acknowledgement (an update, not a reconciliation answer). */
  synchronized TaskStatusEvent awaitUpdate(String taskId, TaskState state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (TaskStatusEvent e : byTask.getOrDefault(taskId, List.of())) {
        if (e.state() == state && e.ackId() != null) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("task " + taskId + " never had an update to " + state + "; saw " + byTask.get(taskId));
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized TaskStatusEvent await(String taskId, TaskState state) throws InterruptedException {
    return await(taskId, state, Duration.ofSeconds(10));
  }

  /**
   * No task reported the same state twice in a row except as a redelivery of the same unacknowledged update (same
   * ackId): duplicates of acknowledged updates and reconciliation repeats were absorbed.
   */
  synchronized void assertNoRepeatedStates() {
    byTask.keySet().forEach(id -> {
      List<TaskState> states = states(id);
      for (int i = 1; i < states.size(); i++) {
        if (states.get(i) == states.get(i - 1)) {
          fail("task " + id + " reported " + states.get(i) + " twice: " + byTask.get(id));
        }
      }
    });
  }
}
