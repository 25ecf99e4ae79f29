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
 * Like a real backend its initial report ({@link #start}) and {@link #reconcile} give the state of every live task it
 * knows and LOST for asked ids it has never heard of; with {@link #holdReconcile} they wait until
 * {@link #releaseReconcile}. It stands for the cluster, so a further {@link #start} (an operator restart) replaces the
 * listener. Every event asks for acknowledgement; {@link #acknowledged} lists what was acknowledged.
 */
final class RecordingBackend implements Backend {
  private volatile TaskStatusListener listener;
  private final List<TaskStatusEvent> acknowledged = new CopyOnWriteArrayList<>();
  private int nextAck;
  private final List<LaunchRequest> launches = new ArrayList<>();
  private final List<LaunchRequest> adopted = new ArrayList<>();
  private final List<String> kills = new ArrayList<>();
  private final Map<String, TaskState> states = new LinkedHashMap<>();
  private final List<Runnable> heldReconciles = new ArrayList<>();
  private boolean holdReconcile;

  @Override
  public void start(Collection<String> knownTaskIds, TaskStatusListener listener) {
    this.listener = listener;
    List<String> known = List.copyOf(knownTaskIds);
    Runnable report = () -> {
      answer(known);
      listener.onInitialReportComplete();
    };
    synchronized (this) {
      if (holdReconcile) {
        heldReconciles.add(report);
        return;
      }
    }
    report.run();
  }

  @Override
  public synchronized void adopt(Collection<LaunchRequest> live) {
    adopted.clear();
    adopted.addAll(live);
  }

  /** What the last {@link #adopt} said the live tasks were launched with. */
  synchronized List<LaunchRequest> adopted() {
    return List.copyOf(adopted);
  }

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
    List<String> ids = List.copyOf(taskIds);
    synchronized (this) {
      if (holdReconcile) {
        heldReconciles.add(() -> answer(ids));
        return;
      }
    }
    answer(ids);
  }

  @Override
  public void acknowledge(TaskStatusEvent event) {
    acknowledged.add(event);
  }

  @Override
  public void close() {
  }

  // ---- test side ----------------------------------------------------------------------------------------------

  synchronized void holdReconcile() {
    holdReconcile = true;
  }

  void releaseReconcile() {
    List<Runnable> held;
    synchronized (this) {
      holdReconcile = false;
      held = List.copyOf(heldReconciles);
      heldReconciles.clear();
    }
    held.forEach(Runnable::run);
  }

  /** A task the cluster already runs (from before a restart of the operator), without telling anyone. */
  synchronized void seed(String taskId, TaskState state) {
    states.put(taskId, state);
  }

  /** Reports a state change of a task, as the cluster would. */
  void report(String taskId, TaskState state) {
    String ackId;
    synchronized (this) {
      states.put(taskId, state);
      ackId = "ack-" + nextAck++;
    }
    TaskStatusEvent event = new TaskStatusEvent(taskId, state, state == TaskState.FAILED ? "exited 1" : "",
        state == TaskState.PENDING ? null : "host-1", Map.of(), Instant.now(), ackId);
    TaskStatusListener l = listener;
    if (l != null) {
      l.onStatus(event);
    }
  }

  /** The events the listener's owner acknowledged, in order. */
  List<TaskStatusEvent> acknowledged() {
    return List.copyOf(acknowledged);
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
