package dev.aurora.operator.scheduling;

import dev.aurora.backend.Backend;
import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskIds;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import dev.aurora.dsl.model.JobSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What should run, written once over the {@link Backend} SPI. Each AuroraJob's job is a {@link JobRecord}, moved by
 * the pure {@link JobMachine}; this class feeds it events, makes each changed record durable ({@link JobRecordStore}),
 * and only then carries out the actions ({@link EffectRunner}) and acknowledges the task updates that led there
 * (persist, act, acknowledge). Knows nothing of Kubernetes.
 *
 * <p>All state lives on one loop thread. Backend reports are queued and applied in batches; a batch ends with one
 * write per changed record (in parallel across jobs), so a burst of updates costs a write per job, not per update.
 *
 * <p>After a restart the records say everything: every task id the job may have, its instance and config. The backend
 * is asked about exactly those, nothing is launched until it has answered ({@code onInitialReportComplete}), and tasks
 * no record knows are killed after {@link SchedulerSettings#orphanTimeout()}.
 */
public final class SchedulingCore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingCore.class);
  private static final int WRITERS = 4;
  private static final int RECENTLY_ENDED = 100_000;

  private final Backend backend;
  private final JobRecordStore store;
  private final SchedulerSettings settings;
  private final Consumer<JobRef> onChange;
  private final ScheduledExecutorService loop;
  private final ExecutorService writers;
  private final EffectRunner effects;
  private final CoreStats stats = new CoreStats();
  private final ConcurrentLinkedQueue<TaskStatusEvent> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  // Loop-thread state.
  private final Map<JobRef, JobRecord> records = new LinkedHashMap<>();
  /** The record as last written; a record that differs from it has changes not yet durable. */
  private final Map<JobRef, JobRecord> durable = new HashMap<>();
  /** Actions and acknowledgements waiting for their record to be written. */
  private final Map<JobRef, Pending> pending = new HashMap<>();
  private final Map<String, TaskOwner> owners = new HashMap<>();
  /**
   * Owners of tasks that ended lately: a task reported alive again after it ended (a partition that healed) is its
   * job's business (it is killed), not an orphan's. Bounded; older ones fall to the orphan rule.
   */
  private final Map<String, TaskOwner> recentlyEnded = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TaskOwner> eldest) {
      return size() > RECENTLY_ENDED;
    }
  };
  private final Map<JobKey, JobRef> jobKeys = new HashMap<>();
  /** Records loaded at start that no AuroraJob has claimed yet (by applying or deleting). */
  private final Set<JobRef> unclaimed = new HashSet<>();
  /** Live tasks no record knows, with when each was first reported. */
  private final Map<String, Instant> orphans = new LinkedHashMap<>();
  private final List<TaskStatusEvent> acksWithoutRecord = new ArrayList<>();
  private Instant startedAt;
  private Instant reportedAt;
  private volatile boolean closed;

  private record TaskOwner(JobRef ref, int instanceId) {}

  private static final class Pending {
    final List<Action> actions = new ArrayList<>();
    final List<TaskStatusEvent> acks = new ArrayList<>();
  }

  /** A core whose {@link Action.Event}s only reach the log. */
  public SchedulingCore(Backend backend, JobRecordStore store, SchedulerSettings settings,
                        Consumer<JobRef> onChange) {
    this(backend, store, settings, onChange, ResourceEvents.NONE);
  }

  /** {@code onChange} hears that a job's picture changed; {@code events} records Kubernetes Events on AuroraJobs. */
  public SchedulingCore(Backend backend, JobRecordStore store, SchedulerSettings settings,
                        Consumer<JobRef> onChange, ResourceEvents events) {
    this.backend = backend;
    this.store = store;
    this.settings = settings;
    this.onChange = onChange;
    this.effects = new EffectRunner(backend, stats, settings.sla().coordinatorTimeout(),
        (ref, event) -> submit(() -> {
          if (records.containsKey(ref)) {
            transition(ref, event);
            flush();
          }
        }), events);
    this.loop = Executors.newSingleThreadScheduledExecutor(daemon("scheduling-core"));
    this.writers = Executors.newFixedThreadPool(WRITERS, daemon("scheduling-record-writer"));
  }

  /**
   * Loads the records, then starts the backend, asking it about every task they hold and telling it what each live
   * one was launched with (a backend that preempts weighs a predecessor's tasks as victims by it).
   */
  public SchedulingCore start() {
    List<LaunchRequest> live = new ArrayList<>();
    List<String> known = call(() -> {
      startedAt = now();
      for (JobRecord record : store.loadAll()) {
        records.put(record.ref(), record);
        durable.put(record.ref(), record);
        unclaimed.add(record.ref());
        index(record);
      }
      LOG.info("loaded {} job record(s) with {} task(s)", records.size(), owners.size());
      records.values().forEach(record -> live.addAll(liveRequests(record)));
      return List.copyOf(owners.keySet());
    });
    backend.adopt(live);
    backend.start(known, new TaskStatusListener() {
      @Override
      public void onStatus(TaskStatusEvent event) {
        if (!closed) {
          inbox.add(event);
          if (drainScheduled.compareAndSet(false, true)) {
            submit(SchedulingCore.this::drain);
          }
        }
      }

      @Override
      public void onInitialReportComplete() {
        submit(() -> {
          // Reports queued before this signal describe the state it completes: apply them first.
          drain();
          if (reportedAt == null) {
            reportedAt = now();
            LOG.info("backend reported what it runs; {} task(s) no record knows", orphans.size());
            resendRecordedKills();
            tickAll();
          }
        });
      }
    });
    long tick = settings.tick().toMillis();
    loop.scheduleWithFixedDelay(() -> guarded(this::tickAll), tick, tick, TimeUnit.MILLISECONDS);
    return this;
  }

  /** As {@link #apply(JobRef, String, JobSpec, String, JobControls)} with no day-2 controls. */
  public Optional<String> apply(JobRef ref, String uid, JobSpec spec, String restartNonce) {
    return apply(ref, uid, spec, restartNonce, JobControls.NONE);
  }

  /**
   * Makes {@code spec} (with {@code restartNonce}) the desired state of the resource's job, under what the spec's
   * {@code controls} say; returns once that is durable. Returns why it cannot be, when another resource already runs
   * the same job key.
   */
  public Optional<String> apply(JobRef ref, String uid, JobSpec spec, String restartNonce, JobControls controls) {
    JobConfig config = JobConfig.of(spec, restartNonce);
    return call(() -> {
      JobRef owner = jobKeys.get(config.key());
      if (owner != null && !owner.equals(ref)) {
        return Optional.of("job " + spec.key() + " is already run by AuroraJob " + owner);
      }
      unclaimed.remove(ref);
      JobRecord record = records.computeIfAbsent(ref, r -> JobRecord.empty(r, uid));
      if (record.target() != null && !record.target().key().equals(config.key())) {
        jobKeys.remove(record.target().key());
      }
      jobKeys.put(config.key(), ref);
      transition(ref, new JobEvent.Apply(config, controls));
      flush();
      return Optional.empty();
    });
  }

  /** The job's current picture, or empty when the core has no record of the resource. */
  public Optional<JobSnapshot> snapshot(JobRef ref) {
    return call(() -> Optional.ofNullable(records.get(ref)).map(RecordView::snapshot));
  }

  /** The job's record as it stands (durable or about to be), or empty. */
  public Optional<JobRecord> record(JobRef ref) {
    return call(() -> Optional.ofNullable(records.get(ref)));
  }

  /**
   * Kills the job's tasks gracefully (their final processes run) and removes its record once none is alive. Returns
   * true when that point is reached; call again until it is.
   */
  public boolean delete(JobRef ref) {
    return call(() -> {
      unclaimed.remove(ref);
      if (!records.containsKey(ref)) {
        return true;
      }
      transition(ref, new JobEvent.Delete());
      flush();
      return forgetIfDone(ref);
    });
  }

  /** Tasks of every job by Aurora state, for metrics. */
  public Map<TaskState, Integer> taskCounts() {
    return call(() -> {
      Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
      records.values().forEach(r -> r.tasks().forEach(t -> counts.merge(t.state(), 1, Integer::sum)));
      return counts;
    });
  }

  public CoreStats stats() {
    return stats;
  }

  /** Whether the backend has reported what it runs (launches are allowed from then on). */
  public boolean adopted() {
    return call(() -> reportedAt != null);
  }

  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    writers.shutdownNow();
    try {
      // Once close returns no write of this core lands any more (a successor owns the records from then on).
      loop.awaitTermination(10, TimeUnit.SECONDS);
      writers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- loop thread --------------------------------------------------------------------------------------------

  private void drain() {
    drainScheduled.set(false);
    TaskStatusEvent event;
    while ((event = inbox.poll()) != null) {
      onReport(event);
    }
    flush();
  }

  private void onReport(TaskStatusEvent event) {
    TaskOwner owner = owners.get(event.taskId());
    if (owner == null) {
      owner = recentlyEnded.get(event.taskId());
    }
    if (owner == null || !records.containsKey(owner.ref())) {
      if (event.state().isTerminal()) {
        orphans.remove(event.taskId());
      } else {
        orphans.putIfAbsent(event.taskId(), now());
      }
      acksWithoutRecord.add(event); // nothing to write: what we know of it is that it runs (or ended)
      return;
    }
    JobRecord before = records.get(owner.ref());
    boolean wasActive = before.tasks().anyMatch(t -> t.taskId().equals(event.taskId()) && t.active());
    boolean wasPreempting = before.tasks().anyMatch(t -> t.taskId().equals(event.taskId())
        && t.state() == TaskState.PREEMPTING);
    transition(owner.ref(), new JobEvent.TaskReport(event.taskId(), owner.instanceId(), event.state(), event.host(),
        event.ports(), event.message(), event.sandbox()));
    if (event.state() == TaskState.PREEMPTING && !wasPreempting && records.get(owner.ref()).tasks()
        .anyMatch(t -> t.taskId().equals(event.taskId()) && t.state() == TaskState.PREEMPTING)) {
      stats.preempted.incrementAndGet();
    }
    pending.computeIfAbsent(owner.ref(), r -> new Pending()).acks.add(event);
    if (event.state().isTerminal()) {
      if (wasActive) {
        stats.countEnd(event.state());
      }
      owners.remove(event.taskId());
      recentlyEnded.put(event.taskId(), owner);
    }
  }

  private void tickAll() {
    if (closed) {
      return;
    }
    for (JobRef ref : List.copyOf(records.keySet())) {
      transition(ref, new JobEvent.Tick());
    }
    killOrphans();
    reapUnclaimed();
    flush();
  }

  /** Applies one event to a job's record; the new record and its actions wait for the next flush. */
  private void transition(JobRef ref, JobEvent event) {
    JobRecord before = records.get(ref);
    Transition t = JobMachine.apply(before, event, context());
    if (t.record() != before) {
      records.put(ref, t.record());
    }
    if (!t.actions().isEmpty()) {
      Pending p = pending.computeIfAbsent(ref, r -> new Pending());
      p.actions.addAll(t.actions());
      for (Action action : t.actions()) {
        if (action instanceof Action.Launch launch) {
          owners.put(launch.taskId(), new TaskOwner(ref, launch.instanceId()));
        }
      }
    }
  }

  /**
   * Persist, act, acknowledge: writes every record that changed (in parallel across jobs), then, for each one written,
   * carries out its actions and acknowledges the updates it took in. A record whose write failed keeps both for the
   * next flush.
   */
  private void flush() {
    Map<JobRef, Future<?>> writes = new LinkedHashMap<>();
    for (Map.Entry<JobRef, JobRecord> e : records.entrySet()) {
      JobRecord last = durable.get(e.getKey());
      if (last != e.getValue()) {
        JobRecord next = e.getValue();
        writes.put(e.getKey(), writers.submit(() -> store.save(last, next)));
      }
    }
    Set<JobRef> written = new HashSet<>();
    for (Map.Entry<JobRef, Future<?>> w : writes.entrySet()) {
      try {
        w.getValue().get();
        durable.put(w.getKey(), records.get(w.getKey()));
        written.add(w.getKey());
        stats.recordWrites.incrementAndGet();
      } catch (ExecutionException e) {
        stats.recordWriteFailures.incrementAndGet();
        LOG.warn("{}: writing the job record failed, will retry: {}", w.getKey(), e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    for (Iterator<Map.Entry<JobRef, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<JobRef, Pending> e = it.next();
      JobRef ref = e.getKey();
      if (records.containsKey(ref) && durable.get(ref) != records.get(ref)) {
        continue; // not durable yet
      }
      JobRecord record = records.getOrDefault(ref, durable.get(ref));
      if (record != null) {
        effects.run(record, e.getValue().actions);
      }
      e.getValue().acks.forEach(this::acknowledge);
      it.remove();
    }
    acksWithoutRecord.forEach(this::acknowledge);
    acksWithoutRecord.clear();
    written.forEach(onChange);
  }

  private void acknowledge(TaskStatusEvent event) {
    if (event.ackId() != null) {
      stats.acknowledged.incrementAndGet();
      backend.acknowledge(event);
    }
  }

  private boolean forgetIfDone(JobRef ref) {
    JobRecord record = records.get(ref);
    if (record == null) {
      return true;
    }
    if (record.hasLiveTasks() || !launchesAllowed() || durable.get(ref) != record) {
      return false; // before the backend's report after a restart, tasks it still runs are not known yet
    }
    try {
      store.delete(ref);
    } catch (RuntimeException e) {
      LOG.warn("{}: removing the job record failed, will retry: {}", ref, e.toString());
      return false;
    }
    records.remove(ref);
    durable.remove(ref);
    pending.remove(ref);
    jobKeys.values().remove(ref);
    owners.values().removeIf(o -> o.ref().equals(ref));
    recentlyEnded.values().removeIf(o -> o.ref().equals(ref));
    return true;
  }

  /**
   * A kill is recorded before it is sent, so a predecessor may have died in between: every task a record marks for
   * killing that the backend still reports alive is asked to die again (a second kill of a dying task is harmless).
   */
  private void resendRecordedKills() {
    Set<String> sent = effects.takeKillsBeforeReport();
    for (JobRecord record : records.values()) {
      record.tasks().filter(t -> t.killRequested() && t.active() && !sent.contains(t.taskId())).forEach(t -> {
        stats.killed.incrementAndGet();
        backend.kill(t.taskId());
      });
    }
  }

  private void killOrphans() {
    if (reportedAt == null || orphans.isEmpty()) {
      return;
    }
    Instant now = now();
    for (Iterator<Map.Entry<String, Instant>> it = orphans.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Instant> e = it.next();
      Instant seen = e.getValue().isBefore(reportedAt) ? reportedAt : e.getValue();
      if (now.isAfter(seen.plus(settings.orphanTimeout()))) {
        LOG.warn("killing task {}: no job record knows it (seen {} ago)", e.getKey(), settings.orphanTimeout());
        stats.killed.incrementAndGet();
        backend.kill(e.getKey());
        it.remove();
      }
    }
  }

  /** Records whose AuroraJob is gone (removed while no operator ran): their tasks are killed, then the record. */
  private void reapUnclaimed() {
    if (reportedAt == null || unclaimed.isEmpty() || now().isBefore(reportedAt.plus(settings.orphanTimeout()))) {
      return;
    }
    for (JobRef ref : List.copyOf(unclaimed)) {
      LOG.warn("{}: no AuroraJob claimed this job record; killing its tasks", ref);
      transition(ref, new JobEvent.Delete());
      if (forgetIfDone(ref)) {
        unclaimed.remove(ref);
      }
    }
  }

  /** The launch requests of the record's live tasks, rebuilt from the configs they run. */
  private static List<LaunchRequest> liveRequests(JobRecord record) {
    List<LaunchRequest> requests = new ArrayList<>();
    record.tasks().filter(TaskRecord::active).forEach(t -> {
      JobConfig config = record.configs().get(t.config());
      if (config != null) {
        requests.add(EffectRunner.launchRequest(config, t.instanceId(), t.taskId()));
      }
    });
    return requests;
  }

  private void index(JobRecord record) {
    record.tasks().filter(TaskRecord::active)
        .forEach(t -> owners.put(t.taskId(), new TaskOwner(record.ref(), t.instanceId())));
    if (record.target() != null) {
      jobKeys.put(record.target().key(), record.ref());
    }
  }

  private boolean launchesAllowed() {
    return reportedAt != null || (startedAt != null && now().isAfter(startedAt.plus(settings.adoptionWait())));
  }

  private MachineContext context() {
    return new MachineContext(settings, now(), launchesAllowed(), TaskIds::newTaskId,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  private Instant now() {
    return settings.clock().instant();
  }

  // ---- plumbing -----------------------------------------------------------------------------------------------

  private void submit(Runnable action) {
    try {
      loop.execute(() -> guarded(action));
    } catch (java.util.concurrent.RejectedExecutionException closedAlready) {
      // closed
    }
  }

  private <T> T call(Callable<T> action) {
    if (closed) {
      throw new IllegalStateException("the scheduling core is closed");
    }
    try {
      return loop.submit(action).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the scheduling core", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static void guarded(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("scheduling core step failed", e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
