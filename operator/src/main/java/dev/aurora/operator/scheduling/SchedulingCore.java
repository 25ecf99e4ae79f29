package dev.aurora.operator.scheduling;

import dev.aurora.backend.Backend;
import dev.aurora.backend.JobKey;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.scheduling.UpdateView.UpdateState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What should run, written once over the {@link Backend} SPI: desired instances of every job against the tasks the
 * backend reports, with Aurora's rescheduling, rolling updates and cron. Knows nothing of Kubernetes: the reconciler
 * hands it resolved jobs and reads {@link JobSnapshot}s back; {@code onChange} says which job's picture changed.
 *
 * <p>All state lives on one loop thread; public methods hand work to it. State is rebuilt after a restart from the
 * backend alone: at start the core asks the backend for every task it runs, and task ids say which job, instance and
 * config each belongs to ({@link ConfigTaskIds}). Until those answers are in, nothing is launched, so a restart never
 * starts a second task for an instance whose first one still runs; tasks no job claims are killed after
 * {@link SchedulerSettings#orphanTimeout()}.
 */
public final class SchedulingCore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulingCore.class);

  private final Backend backend;
  private final SchedulerSettings settings;
  private final Consumer<JobRef> onChange;
  private final ScheduledExecutorService loop;
  private final Map<JobRef, JobRuntime> jobs = new LinkedHashMap<>();
  /** Runtimes of job keys a resource no longer names, kept until their tasks are dead. */
  private final List<JobRuntime> retired = new ArrayList<>();
  private final Map<String, JobRuntime> jobsByPrefix = new HashMap<>();
  private final Map<String, JobRuntime> taskOwners = new HashMap<>();
  /** Live tasks the backend reported that no job has claimed yet, by the job part of their id. */
  private final Map<String, Map<String, TaskStatusEvent>> orphans = new HashMap<>();
  /** When each unclaimed task was first reported; it is killed {@link SchedulerSettings#orphanTimeout()} later. */
  private final Map<String, Instant> orphanSince = new HashMap<>();
  private final CoreStats stats = new CoreStats();
  private Instant startedAt;
  private Instant adoptedAt;
  private volatile boolean closed;

  public SchedulingCore(Backend backend, SchedulerSettings settings, Consumer<JobRef> onChange) {
    this.backend = backend;
    this.settings = settings;
    this.onChange = onChange;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scheduling-core");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the backend, whose initial report tells the core everything it already runs. */
  public SchedulingCore start() {
    run(() -> startedAt = now());
    backend.start(List.of(), new TaskStatusListener() {
      @Override
      public void onStatus(TaskStatusEvent event) {
        if (!closed) {
          loop.execute(() -> guarded(() -> {
            onEvent(event);
            // Applied; the durable per-job record is still to come, so "durable" is "applied in memory" for now.
            backend.acknowledge(event);
          }));
        }
      }

      @Override
      public void onInitialReportComplete() {
        if (!closed) {
          loop.execute(() -> guarded(SchedulingCore.this::onInitialReportComplete));
        }
      }
    });
    long tick = settings.tick().toMillis();
    loop.scheduleWithFixedDelay(() -> guarded(this::tick), tick, tick, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Makes {@code spec} (with {@code restartNonce}) the desired state of the resource's job. Returns why it cannot be,
   * when another resource already runs the same job key.
   */
  public Optional<String> apply(JobRef ref, JobSpec spec, String restartNonce) {
    return apply(ref, spec, restartNonce, null);
  }

  /**
   * As {@link #apply(JobRef, JobSpec, String)}, with what the resource's status last recorded ({@link PriorRun}),
   * taken into account when this core first meets the job (after a restart) and the status is of the same config.
   */
  public Optional<String> apply(JobRef ref, JobSpec spec, String restartNonce, PriorRun prior) {
    JobConfig config = JobConfig.of(spec, restartNonce);
    String prefix = ConfigTaskIds.jobPrefix(config.key());
    return call(() -> {
      JobRuntime owner = jobsByPrefix.get(prefix);
      if (owner != null && !owner.ref.equals(ref)) {
        return Optional.of("job " + spec.key() + " is already run by AuroraJob " + owner.ref);
      }
      JobRuntime job = jobs.get(ref);
      if (job != null && job.target != null && !job.target.key().equals(config.key())) {
        retire(job); // the resource now names another job: the old one's tasks are killed
        job = null;
      }
      boolean met = job == null;
      if (met) {
        job = new JobRuntime(ref, this);
        jobs.put(ref, job);
        jobsByPrefix.put(prefix, job);
      }
      job.apply(config, now());
      if (met && prior != null && prior.configHash().equals(config.hash())) {
        job.seed(prior, now());
      }
      claimOrphans(job, prefix);
      converge(job);
      return Optional.empty();
    });
  }

  /** The job's current picture, or empty when the core does not know the resource. */
  public Optional<JobSnapshot> snapshot(JobRef ref) {
    return call(() -> Optional.ofNullable(jobs.get(ref)).map(j -> j.snapshot()));
  }

  /**
   * Kills the job's tasks gracefully (their final processes run) and forgets the job once none is alive. Returns
   * true when that point is reached; call again until it is.
   */
  public boolean delete(JobRef ref) {
    return delete(ref, null);
  }

  /**
   * As {@link #delete(JobRef)}, for a resource this core may not have been given yet (the operator restarted and the
   * resource is being deleted, perhaps with an Invalid spec): the tasks of {@code lastKnownJob}, the job the resource
   * last ran, are claimed and killed all the same. Null when the resource never ran a job.
   */
  public boolean delete(JobRef ref, JobKey lastKnownJob) {
    return call(() -> {
      JobRuntime job = jobs.get(ref);
      if (job == null && lastKnownJob != null) {
        String prefix = ConfigTaskIds.jobPrefix(lastKnownJob);
        if (!jobsByPrefix.containsKey(prefix)) {
          job = new JobRuntime(ref, this);
          jobs.put(ref, job);
          jobsByPrefix.put(prefix, job);
          job.delete();
          claimOrphans(job, prefix);
        }
      }
      if (job == null) {
        return true;
      }
      if (!job.deleting) {
        job.delete();
      }
      if (job.hasLiveTasks() || !launchesAllowed()) {
        return false; // before the backend's report after a restart, tasks it still runs are not known yet
      }
      forget(job);
      return true;
    });
  }

  /** Tasks of every known job by Aurora state, for metrics. */
  public Map<TaskState, Integer> taskCounts() {
    return call(() -> {
      Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
      jobs.values().forEach(j -> j.allTasks().forEach(t -> counts.merge(t.state, 1, Integer::sum)));
      return counts;
    });
  }

  public CoreStats stats() {
    return stats;
  }

  public boolean adopted() {
    return call(() -> adoptedAt != null);
  }

  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- loop thread --------------------------------------------------------------------------------------------

  private void onInitialReportComplete() {
    if (adoptedAt == null) {
      adoptedAt = now();
      LOG.info("backend reported its tasks; {} unclaimed", orphans.values().stream().mapToInt(Map::size).sum());
      jobs.values().forEach(this::converge);
    }
  }

  private void onEvent(TaskStatusEvent event) {
    JobRuntime job = taskOwners.get(event.taskId());
    if (job == null) {
      claimOrRemember(event);
      return;
    }
    TaskRecord task = job.allTasks().filter(t -> t.taskId.equals(event.taskId())).findFirst().orElse(null);
    if (task == null) {
      taskOwners.remove(event.taskId()); // a task of an instance that has moved on; its end needs no action
      if (!event.state().isTerminal()) {
        // ... but it still runs (reported again after LOST, say) while its instance has another task: one must go.
        LOG.warn("killing task {}: reported {} after its instance moved on", event.taskId(), event.state());
        stats.killed.incrementAndGet();
        backend.kill(event.taskId());
      }
      return;
    }
    boolean wasActive = task.active();
    job.onStatus(task, event, now());
    if (wasActive && !task.active()) {
      stats.countEnd(task.state);
    }
    if (job.deleting || retired.contains(job)) {
      job.markDirty();
    }
    converge(job);
  }

  private void claimOrRemember(TaskStatusEvent event) {
    Optional<ConfigTaskIds.Parsed> parsed = ConfigTaskIds.parse(event.taskId());
    if (parsed.isEmpty()) {
      return; // not one of ours
    }
    JobRuntime job = jobsByPrefix.get(parsed.get().jobPrefix());
    if (job != null) {
      job.adopt(event.taskId(), parsed.get(), event, now());
      converge(job);
    } else if (event.state().isTerminal()) {
      Map<String, TaskStatusEvent> known = orphans.get(parsed.get().jobPrefix());
      if (known != null) {
        known.remove(event.taskId());
      }
      orphanSince.remove(event.taskId());
    } else {
      orphans.computeIfAbsent(parsed.get().jobPrefix(), p -> new LinkedHashMap<>()).put(event.taskId(), event);
      orphanSince.putIfAbsent(event.taskId(), now());
    }
  }

  private void claimOrphans(JobRuntime job, String prefix) {
    Map<String, TaskStatusEvent> mine = orphans.remove(prefix);
    if (mine != null) {
      mine.keySet().forEach(orphanSince::remove);
      mine.forEach((id, event) -> job.adopt(id, ConfigTaskIds.parse(id).orElseThrow(), event, now()));
    }
  }

  private void tick() {
    for (JobRuntime job : List.copyOf(jobs.values())) {
      converge(job);
    }
    for (Iterator<JobRuntime> it = retired.iterator(); it.hasNext(); ) {
      JobRuntime job = it.next();
      if (!job.hasLiveTasks()) {
        job.allTasks().forEach(t -> taskOwners.remove(t.taskId));
        it.remove();
      }
    }
    if (adoptedAt != null && !orphanSince.isEmpty()) {
      // Orphans found at any time, not only in the start-up report (a later reconciliation may turn some up).
      Instant now = now();
      for (Iterator<Map<String, TaskStatusEvent>> byJob = orphans.values().iterator(); byJob.hasNext(); ) {
        Map<String, TaskStatusEvent> tasks = byJob.next();
        for (Iterator<String> ids = tasks.keySet().iterator(); ids.hasNext(); ) {
          String id = ids.next();
          Instant seen = orphanSince.getOrDefault(id, adoptedAt);
          if (now.isAfter((seen.isBefore(adoptedAt) ? adoptedAt : seen).plus(settings.orphanTimeout()))) {
            LOG.warn("killing task {}: no AuroraJob claimed it within {}", id, settings.orphanTimeout());
            backend.kill(id);
            ids.remove();
            orphanSince.remove(id);
          }
        }
        if (tasks.isEmpty()) {
          byJob.remove();
        }
      }
    }
  }

  private void converge(JobRuntime job) {
    job.converge(now());
    if (job.takeDirty() && !retired.contains(job)) {
      onChange.accept(job.ref);
    }
  }

  private void retire(JobRuntime job) {
    jobs.remove(job.ref);
    jobsByPrefix.values().remove(job);
    job.delete();
    retired.add(job);
  }

  private void forget(JobRuntime job) {
    jobs.remove(job.ref);
    jobsByPrefix.values().remove(job);
    job.allTasks().forEach(t -> taskOwners.remove(t.taskId));
  }

  // ---- for JobRuntime -----------------------------------------------------------------------------------------

  SchedulerSettings settings() {
    return settings;
  }

  Instant now() {
    return settings.clock().instant();
  }

  boolean launchesAllowed() {
    return adoptedAt != null || (startedAt != null && now().isAfter(startedAt.plus(settings.adoptionWait())));
  }

  TaskRecord launch(JobRuntime job, int instanceId, JobConfig config) {
    String taskId = ConfigTaskIds.newTaskId(config.key(), instanceId, config.hash());
    TaskRecord task = new TaskRecord(taskId, instanceId, config.hash(), TaskState.PENDING, now());
    taskOwners.put(taskId, job);
    stats.launched.incrementAndGet();
    backend.launch(config.launchRequest(instanceId, taskId));
    return task;
  }

  void kill(TaskRecord task) {
    stats.killed.incrementAndGet();
    backend.kill(task.taskId);
  }

  void index(TaskRecord task, JobRuntime job) {
    taskOwners.put(task.taskId, job);
  }

  /** Aurora's truncated, randomised binary back-off: none for the first flap, then from the initial delay up. */
  Duration flappingPenalty(int flaps) {
    if (flaps < 2) {
      return Duration.ZERO;
    }
    long max = settings.maxFlappingDelay().toMillis();
    long delay = settings.initialFlappingDelay().toMillis();
    for (int i = 2; i < flaps && delay < max; i++) {
      delay = delay + (long) (ThreadLocalRandom.current().nextDouble() * delay);
    }
    return Duration.ofMillis(Math.min(max, delay));
  }

  void updateStarted(JobRuntime job, boolean rollback) {
    LOG.info("{}: {} started", job.ref, rollback ? "rollback" : "rolling update");
  }

  void updateFinished(UpdateView update) {
    stats.countUpdate(update.state());
  }

  void log(String message) {
    LOG.info(message);
  }

  // ---- plumbing -----------------------------------------------------------------------------------------------

  private void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
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

  /** Counters for the metrics endpoint. */
  public static final class CoreStats {
    public final AtomicLong launched = new AtomicLong();
    public final AtomicLong killed = new AtomicLong();
    private final Map<TaskState, AtomicLong> ended = new ConcurrentHashMap<>();
    private final Map<UpdateState, AtomicLong> updates = new ConcurrentHashMap<>();

    void countEnd(TaskState state) {
      ended.computeIfAbsent(state, s -> new AtomicLong()).incrementAndGet();
    }

    void countUpdate(UpdateState state) {
      updates.computeIfAbsent(state, s -> new AtomicLong()).incrementAndGet();
    }

    public Map<TaskState, Long> endedTasks() {
      Map<TaskState, Long> out = new EnumMap<>(TaskState.class);
      ended.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }

    public Map<UpdateState, Long> updateOutcomes() {
      Map<UpdateState, Long> out = new EnumMap<>(UpdateState.class);
      updates.forEach((k, v) -> out.put(k, v.get()));
      return out;
    }
  }
}
