package dev.aurora.operator.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.dsl.model.JobSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A scheduling core on a {@link RecordingBackend} with a clock only the test moves. The core's loop ticks every few
 * milliseconds of real time, but everything it decides by time (throttles, watch_secs, cron, orphans) reads the
 * manual clock, so tests advance time explicitly and then wait, bounded, for the effect.
 */
final class CoreFixture implements AutoCloseable {
  static final Duration TICK = Duration.ofMillis(2);
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration FLAPPING_THRESHOLD = Duration.ofMinutes(5);
  static final Duration INITIAL_FLAPPING_DELAY = Duration.ofMinutes(30);
  static final Duration MAX_FLAPPING_DELAY = Duration.ofHours(2);
  static final Duration ADOPTION_WAIT = Duration.ofSeconds(30);
  static final Duration ORPHAN_TIMEOUT = Duration.ofMinutes(5);

  final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:30Z"));
  final RecordingBackend backend;
  final SchedulerSettings settings;
  /** The records, shared by every core this fixture starts (as a restarted operator finds them). */
  final InMemoryJobRecordStore store = new InMemoryJobRecordStore();
  private final List<SchedulingCore> cores = new ArrayList<>();
  /** Every onChange notification of the current core, in order. */
  final List<JobRef> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
  SchedulingCore core;

  CoreFixture() {
    this(new RecordingBackend());
  }

  CoreFixture(RecordingBackend backend) {
    this.backend = backend;
    this.settings = new SchedulerSettings(FLAPPING_THRESHOLD, INITIAL_FLAPPING_DELAY, MAX_FLAPPING_DELAY, TICK,
        ADOPTION_WAIT, ORPHAN_TIMEOUT, "GMT", clock);
  }

  /** Starts a (further) core on the backend, as an operator (re)start does, and makes it the current one. */
  SchedulingCore start() {
    core = new SchedulingCore(backend, store, settings, changes::add).start();
    cores.add(core);
    return core;
  }

  /** Starts a core and waits until it has the backend's answer about what already runs. */
  SchedulingCore startAdopted() {
    SchedulingCore started = start();
    await("the core has the backend's reconciliation answer", started::adopted);
    return started;
  }

  static JobRef ref(String name) {
    return new JobRef("ns", name);
  }

  void apply(JobRef ref, JobSpec spec) {
    apply(ref, spec, null);
  }

  void apply(JobRef ref, JobSpec spec, String nonce) {
    Optional<String> refused = core.apply(ref, "uid-" + ref.name(), spec, nonce);
    assertTrue(refused.isEmpty(), () -> "apply refused: " + refused.orElse(""));
  }

  JobSnapshot snapshot(JobRef ref) {
    return core.snapshot(ref).orElseThrow(() -> new AssertionError("the core does not know " + ref));
  }

  InstanceView instance(JobRef ref, int id) {
    return snapshot(ref).instances().stream().filter(i -> i.id() == id).findFirst()
        .orElseThrow(() -> new AssertionError("no instance " + id + " in " + snapshot(ref)));
  }

  /** Moves time on and waits until the core's loop has run at least one full step at the new time. */
  void advance(Duration by) {
    clock.advance(by);
    settle();
  }

  void advanceTo(Instant at) {
    clock.set(at);
    settle();
  }

  /**
   * Waits until the loop has ticked at least twice since now (each tick reads the clock for every job), then
   * synchronises with the loop thread so everything those ticks did is visible. Needs a job (or an unswept orphan)
   * in the core: an empty core's ticks do not read the clock.
   */
  void settle() {
    // Twice: a tick already under way when the clock moved may read the new time only after it decided something.
    for (int round = 0; round < 2; round++) {
      long mark = clock.reads();
      await("the core's loop ticks", () -> clock.reads() >= mark + 4);
      core.adopted();
    }
  }

  // ---- the backend's side -------------------------------------------------------------------------------------

  List<String> launched() {
    return backend.launchedIds();
  }

  List<String> kills() {
    return backend.kills();
  }

  /** Waits until {@code count} tasks have been launched in all and returns their ids. */
  List<String> awaitLaunches(int count) {
    await(count + " launches (have " + launched().size() + ")", () -> launched().size() >= count);
    List<String> ids = launched();
    assertEquals(count, ids.size(), () -> "launched more than expected: " + ids);
    return ids;
  }

  List<String> awaitKills(int count) {
    await(count + " kills (have " + kills().size() + ")", () -> kills().size() >= count);
    List<String> ids = kills();
    assertEquals(count, ids.size(), () -> "killed more than expected: " + ids);
    return ids;
  }

  LaunchRequest launchOf(String taskId) {
    return backend.launches().stream().filter(l -> l.taskId().equals(taskId)).findFirst().orElseThrow();
  }

  /** Reports the task's state and waits until the core has taken it in. */
  void report(String taskId, TaskState state) {
    backend.report(taskId, state);
    core.adopted(); // the event was queued on the loop before this call, so it has been handled when this returns
  }

  void running(String... taskIds) {
    for (String id : taskIds) {
      report(id, TaskState.ASSIGNED);
      report(id, TaskState.RUNNING);
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static <T> T awaitValue(String what, Supplier<T> value, java.util.function.Predicate<T> ok) {
    AtomicReference<T> last = new AtomicReference<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      last.set(value.get());
      if (ok.test(last.get())) {
        return last.get();
      }
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for: " + what + "; last seen: " + last.get());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    cores.forEach(SchedulingCore::close);
  }

  /** A clock that stands still until the test moves it, and counts how often it is read. */
  static final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;
    private final AtomicLong reads = new AtomicLong();

    ManualClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    void set(Instant at) {
      now.set(at);
    }

    long reads() {
      return reads.get();
    }

    @Override
    public Instant instant() {
      reads.incrementAndGet();
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
