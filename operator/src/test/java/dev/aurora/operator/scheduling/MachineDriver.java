package dev.aurora.operator.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives one job's {@link JobMachine} by hand: plain calls, a manual clock, sequential task ids and a fixed jitter, so
 * a test reads as a sequence of events and the record and actions they lead to. No threads, no waiting.
 */
final class MachineDriver {
  static final SchedulerSettings SETTINGS = new SchedulerSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
      Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(5), "GMT",
      Clock.systemUTC());

  JobRecord record;
  SchedulerSettings settings = SETTINGS;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  boolean launchesAllowed = true;
  double jitter = 0.5;
  private int nextId;
  final List<Action> actions = new ArrayList<>();

  MachineDriver() {
    this.record = JobRecord.empty(new JobRef("ns", "job"), "uid-1");
  }

  MachineDriver(JobRecord record) {
    this.record = record;
  }

  Transition on(JobEvent event) {
    MachineContext ctx = new MachineContext(settings, now, launchesAllowed,
        (key, instance) -> key.name() + "-" + instance + "-t" + (nextId++), () -> jitter);
    Transition t = JobMachine.apply(record, event, ctx);
    record = t.record();
    actions.addAll(t.actions());
    return t;
  }

  Transition apply(JobSpec spec) {
    return on(new JobEvent.Apply(JobConfig.of(spec, null)));
  }

  Transition apply(JobSpec spec, String nonce) {
    return on(new JobEvent.Apply(JobConfig.of(spec, nonce)));
  }

  Transition apply(JobSpec spec, String nonce, JobControls controls) {
    return on(new JobEvent.Apply(JobConfig.of(spec, nonce), controls));
  }

  Transition tick() {
    return on(new JobEvent.Tick());
  }

  Transition advance(Duration by) {
    now = now.plus(by);
    return tick();
  }

  /** Reports a state of the current task of {@code instance}. */
  Transition report(int instance, TaskState state) {
    return report(task(instance).taskId(), instance, state);
  }

  Transition report(String taskId, int instance, TaskState state) {
    return on(new JobEvent.TaskReport(taskId, instance, state, "host-" + instance, ports, "",
        "file:///sandboxes/" + taskId));
  }

  /** The ports reports carry from now on. */
  Map<String, Integer> ports = Map.of();

  /** Reports every active task of the job RUNNING. */
  void allRunning() {
    for (InstanceRecord i : record.instances().values()) {
      if (i.task() != null && i.task().active() && i.task().state() != TaskState.RUNNING) {
        report(i.id(), TaskState.RUNNING);
      }
    }
  }

  TaskRecord task(int instance) {
    InstanceRecord i = record.instances().get(instance);
    return i == null ? null : i.task();
  }

  InstanceRecord instance(int instance) {
    return record.instances().get(instance);
  }

  /** Launches asked for since the last call, as instance ids in order. */
  List<Integer> takeLaunches() {
    List<Integer> out = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.Launch l) {
        out.add(l.instanceId());
      }
    }
    actions.removeIf(a -> a instanceof Action.Launch);
    return out;
  }

  /** Task ids killed since the last call. */
  List<String> takeKills() {
    List<String> out = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.Kill k) {
        out.add(k.taskId());
      }
    }
    actions.removeIf(a -> a instanceof Action.Kill);
    return out;
  }

  String state(int instance) {
    return RecordView.snapshot(record).instances().stream().filter(v -> v.id() == instance).findFirst()
        .map(InstanceView::state).orElse(null);
  }

  void assertState(int instance, String expected) {
    assertEquals(expected, state(instance), "state of instance " + instance);
  }
}
