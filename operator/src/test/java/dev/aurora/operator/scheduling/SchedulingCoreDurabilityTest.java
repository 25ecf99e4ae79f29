package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.batch;
import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.Backend;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Persist, act, acknowledge (issue 12): the core writes a record before it launches or kills, acknowledges an update
 * only once what it changed is written, and a restarted core carries on from the record alone.
 */
class SchedulingCoreDurabilityTest {
  private static final SchedulerSettings SETTINGS = new SchedulerSettings(Duration.ofMinutes(5),
      Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(20), Duration.ofSeconds(30),
      Duration.ofMinutes(5), "GMT", Clock.systemUTC());
  private static final JobRef REF = new JobRef("ns", "job");

  private final InMemoryJobRecordStore store = new InMemoryJobRecordStore();
  private final List<SchedulingCore> cores = new ArrayList<>();

  @AfterEach
  void close() {
    cores.forEach(SchedulingCore::close);
  }

  @Test
  void aLaunchIsInTheRecordBeforeTheBackendHearsOfIt() {
    FakeBackend backend = new FakeBackend(Map.of());
    backend.onLaunch = request -> assertTrue(store.saved(REF) != null && store.saved(REF).tasks()
        .anyMatch(t -> t.taskId().equals(request.taskId())), "launched before its record was written: " + request);
    SchedulingCore core = start(backend);
    core.apply(REF, "uid", service("web", "serve", "instances=3"), null);
    assertEquals(3, backend.launches().size());
    assertTrue(backend.failures.isEmpty(), backend.failures.toString());
  }

  @Test
  void anUpdateIsAcknowledgedOnlyOnceWhatItChangedIsWritten() {
    FakeBackend backend = new FakeBackend(Map.of());
    SchedulingCore core = start(backend);
    core.apply(REF, "uid", service("web", "serve", ""), null);
    String task = backend.launches().get(0).taskId();
    store.failWrites(true);
    backend.report(task, TaskState.RUNNING);
    assertEquals(TaskState.RUNNING, core.record(REF).orElseThrow().instances().get(0).task().state(),
        "applied in memory");
    assertTrue(backend.acknowledged().isEmpty(), "not acknowledged while the record cannot be written");
    store.failWrites(false);
    await("the acknowledgement after the write", () -> backend.acknowledged().contains(task + "/RUNNING"));
    assertEquals(TaskState.RUNNING, store.saved(REF).instances().get(0).task().state());
  }

  @Test
  void anUpdateLostWithACrashBeforeItsWriteIsRedeliveredAndAppliedOnce() {
    FakeBackend first = new FakeBackend(Map.of());
    SchedulingCore core = start(first);
    core.apply(REF, "uid", batch("retry", "false", "max_task_failures=5"), null);
    String task = first.launches().get(0).taskId();
    first.report(task, TaskState.RUNNING);
    await("RUNNING written", () -> first.acknowledged().contains(task + "/RUNNING"));
    store.failWrites(true);
    first.report(task, TaskState.FAILED);
    core.close(); // the crash: FAILED was delivered, never written, never acknowledged
    store.failWrites(false);

    // The backend still holds the unacknowledged FAILED and reports it to the next core.
    FakeBackend second = new FakeBackend(Map.of(task, TaskState.FAILED));
    SchedulingCore restarted = start(second);
    await("the redelivered FAILED applied", () -> restarted.record(REF).orElseThrow().instances().get(0)
        .failures() == 1);
    await("acknowledged", () -> second.acknowledged().contains(task + "/FAILED"));
    assertEquals(1, store.saved(REF).instances().get(0).failures(), "applied exactly once");
    assertEquals(1, second.launches().size(), "one retry");
  }

  @Test
  void aRestartedCoreCarriesOnFromTheRecordWithoutRerunningFinishedBatchInstances() {
    FakeBackend first = new FakeBackend(Map.of());
    SchedulingCore core = start(first);
    core.apply(REF, "uid", batch("many", "true", "instances=150"), null);
    List<LaunchRequest> launched = first.launches();
    assertEquals(150, launched.size());
    Map<String, TaskState> survivors = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      String id = launched.get(i).taskId();
      first.report(id, i < 120 ? TaskState.FINISHED : TaskState.RUNNING);
      if (i >= 120) {
        survivors.put(id, TaskState.RUNNING);
      }
    }
    await("all written", () -> first.acknowledged().size() == 150);
    core.close();

    FakeBackend second = new FakeBackend(survivors);
    SchedulingCore restarted = start(second);
    assertTrue(second.knownAtStart.containsAll(survivors.keySet()), "the core asks about the tasks it recorded");
    await("the backend's report applied", restarted::adopted);
    restarted.apply(REF, "uid", batch("many", "true", "instances=150"), null);
    JobRecord record = restarted.record(REF).orElseThrow();
    assertEquals(120, record.instances().values().stream()
        .filter(i -> i.task() != null && i.task().state() == TaskState.FINISHED).count());
    assertEquals(List.of(), second.launches(), "no instance runs twice, none is launched again");
    JobSnapshot snapshot = restarted.snapshot(REF).orElseThrow();
    assertNotNull(snapshot);
    assertEquals(120, snapshot.finished());
  }

  private SchedulingCore start(FakeBackend backend) {
    SchedulingCore core = new SchedulingCore(backend, store, SETTINGS, ref -> { }).start();
    cores.add(core);
    return core;
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * A backend that runs nothing and delivers at least once: it reports what the test says, with an ack id, and at
   * start reports the tasks it was given (as a restarted framework hears them again from Mesos).
   */
  static final class FakeBackend implements Backend {
    private final Map<String, TaskState> tasks;
    private final List<LaunchRequest> launches = new ArrayList<>();
    private final List<String> acks = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> knownAtStart = new ArrayList<>();
    volatile java.util.function.Consumer<LaunchRequest> onLaunch = r -> { };
    private TaskStatusListener listener;
    private int nextAck;

    FakeBackend(Map<String, TaskState> tasks) {
      this.tasks = new LinkedHashMap<>(tasks);
    }

    @Override
    public void start(Collection<String> knownTaskIds, TaskStatusListener listener) {
      this.listener = listener;
      knownAtStart.addAll(knownTaskIds);
      new LinkedHashMap<>(tasks).forEach(this::report);
      for (String id : knownTaskIds) {
        if (!tasks.containsKey(id)) {
          report(id, TaskState.LOST);
        }
      }
      listener.onInitialReportComplete();
    }

    @Override
    public synchronized void launch(LaunchRequest request) {
      try {
        onLaunch.accept(request);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
      launches.add(request);
      tasks.put(request.taskId(), TaskState.PENDING);
    }

    @Override
    public void kill(String taskId) {
      report(taskId, TaskState.KILLED);
    }

    @Override
    public void reconcile(Collection<String> taskIds) {
    }

    @Override
    public synchronized void acknowledge(TaskStatusEvent event) {
      acks.add(event.taskId() + "/" + event.state());
    }

    @Override
    public void close() {
    }

    void report(String taskId, TaskState state) {
      String ack;
      synchronized (this) {
        tasks.put(taskId, state);
        ack = "ack-" + nextAck++;
      }
      listener.onStatus(new TaskStatusEvent(taskId, state, "", "host", Map.of(), Instant.now(), ack));
    }

    synchronized List<LaunchRequest> launches() {
      return List.copyOf(launches);
    }

    synchronized List<String> acknowledged() {
      return List.copyOf(acks);
    }
  }
}
