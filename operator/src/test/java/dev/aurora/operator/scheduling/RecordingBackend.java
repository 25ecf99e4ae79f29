package dev.aurora.operator.scheduling;

import dev.aurora.backend.Backend;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend that runs nothing: it records what the core asks for and lets the test say what happened to each task.
 * Like a real backend it answers {@link #reconcile} with the state of every live task it knows and LOST for ids it
 * has never heard of; with {@link #holdReconcile} the answers wait until {@link #releaseReconcile}.
 */
final class RecordingBackend implements Backend {
  private final List<TaskStatusListener> listeners = new CopyOnWriteArrayList<>();
  private final List<LaunchRequest> launches = new ArrayList<>();
  private final List<String> kills = new ArrayList<>();
  private final Map<String, TaskState> states = new LinkedHashMap<>();
  private final List<Collection<String>> heldReconciles = new ArrayList<>();
  private boolean holdReconcile;

  @Override
  public synchronized void launch(LaunchRequest request) {
    launches.add(request);
    states.putIfAbsent(request.taskId(), TaskState.PENDING);
  }

  @Override
  public synchronized void kill(String taskId) {
    kills.add(taskId);
  }

  @Override
  public void reconcile(Collection<String> taskIds) {
    synchronized (this) {
      if (holdReconcile) {
        heldReconciles.add(List.copyOf(taskIds));
        return;
      }
    }
    answer(taskIds);
  }

  @Override
  public void addListener(TaskStatusListener listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
  }

  // ---- test side ----------------------------------------------------------------------------------------------

  synchronized void holdReconcile() {
    holdReconcile = true;
  }

  void releaseReconcile() {
    List<Collection<String>> held;
    synchronized (this) {
      holdReconcile = false;
      held = List.copyOf(heldReconciles);
      heldReconciles.clear();
    }
    held.forEach(this::answer);
  }

  /** A task the cluster already runs (from before a restart of the operator), without telling anyone. */
  synchronized void seed(String taskId, TaskState state) {
    states.put(taskId, state);
  }

  /** Reports a state change of a task, as the cluster would. */
  void report(String taskId, TaskState state) {
    synchronized (this) {
      states.put(taskId, state);
    }
    TaskStatusEvent event = new TaskStatusEvent(taskId, state, state == TaskState.FAILED ? "exited 1" : "",
        state == TaskState.PENDING ? null : "host-1", Map.of(), Instant.now());
    listeners.forEach(l -> l.onStatus(event));
  }

  synchronized List<LaunchRequest> launches() {
    return List.copyOf(launches);
  }

  synchronized List<String> launchedIds() {
    return launches.stream().map(LaunchRequest::taskId).toList();
  }

  synchronized List<String> kills() {
    return List.copyOf(kills);
  }

  synchronized TaskState state(String taskId) {
    return states.get(taskId);
  }

  /** Live tasks (launched or seeded, not ended) in launch order. */
  synchronized List<String> liveIds() {
    return states.entrySet().stream().filter(e -> !e.getValue().isTerminal()).map(Map.Entry::getKey).toList();
  }

  private void answer(Collection<String> taskIds) {
    Map<String, TaskState> known;
    synchronized (this) {
      known = new LinkedHashMap<>(states);
    }
    known.forEach((id, state) -> {
      if (!state.isTerminal() && state != TaskState.PENDING) {
        report(id, state);
      }
    });
    for (String id : taskIds) {
      if (!known.containsKey(id)) {
        report(id, TaskState.LOST);
      }
    }
  }
}
