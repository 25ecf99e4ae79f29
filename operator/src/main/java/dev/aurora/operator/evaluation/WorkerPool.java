package dev.aurora.operator.evaluation;

import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.JobSpecMapper;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A warm pool of evaluator worker JVMs on the operator's machine: the local default of {@link ConfigEvaluator}.
 * Each evaluation borrows one idle worker; a worker that exceeds a limit, crashes or breaks the protocol is killed
 * and a replacement is started in the background, so the failing request returns at once with its error.
 */
public final class WorkerPool implements ConfigEvaluator {
  private final PoolSettings settings;
  private final String evaluatorVersion = EvaluatorWorker.evaluatorVersion();
  private final LinkedBlockingQueue<WorkerProcess> idle = new LinkedBlockingQueue<>();
  private final Set<WorkerProcess> all = ConcurrentHashMap.newKeySet();
  private final ExecutorService starter;
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicLong evaluations = new AtomicLong();
  private final AtomicLong workersStarted = new AtomicLong();
  private volatile String lastStartFailure = "";
  private volatile boolean closed;

  private WorkerPool(PoolSettings settings) {
    this.settings = settings;
    this.starter = Executors.newFixedThreadPool(settings.size(), runnable -> {
      Thread thread = new Thread(runnable, "evaluator-pool-starter");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the workers in the background; evaluations wait for the first one that is ready. */
  public static WorkerPool start(PoolSettings settings) {
    WorkerPool pool = new WorkerPool(settings);
    for (int i = 0; i < settings.size(); i++) {
      pool.startReplacement();
    }
    return pool;
  }

  /** Waits until every worker is warm; true when they all were within {@code timeout}. */
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (idle.size() < settings.size()) {
      if (System.nanoTime() > deadline || closed) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  @Override
  public EvaluationOutcome evaluate(EvaluationInput input) {
    return evaluate(input, settings.limits());
  }

  /** Evaluates under the pool's limits, tightened to {@code requested} (the socket server passes its caller's). */
  public EvaluationOutcome evaluate(EvaluationInput input, EvaluationLimits requested) {
    EvaluationLimits limits = settings.limits().tightest(requested);
    if (closed) {
      return EvaluationOutcome.failed(Kind.WORKER_FAILURE, "the evaluator pool is closed");
    }
    WorkerProcess worker;
    try {
      worker = idle.poll(settings.acquireTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EvaluationOutcome.failed(Kind.WORKER_FAILURE, "interrupted while waiting for an evaluator worker");
    }
    if (worker == null) {
      return EvaluationOutcome.failed(Kind.WORKER_FAILURE, "no evaluator worker became free within "
          + settings.acquireTimeout().toSeconds() + " s" + (lastStartFailure.isEmpty() ? "" : "; " + lastStartFailure));
    }
    evaluations.incrementAndGet();
    Response response = worker.call(Request.of(requestIds.incrementAndGet(), input, limits), limits);
    giveBack(worker, response.retire());
    return toOutcome(response);
  }

  /** Rebuilds the dsl's records from the canonical job JSON the worker sent (the exact inverse of its mapping). */
  static EvaluationOutcome toOutcome(Response response) {
    if (response.failure() != null) {
      return EvaluationOutcome.failed(response.failure());
    }
    List<JobSpec> jobs = new ArrayList<>();
    for (String json : response.jobs()) {
      try {
        jobs.add(JobSpecMapper.toJobSpec(CanonicalJson.parse(json)));
      } catch (RuntimeException e) {
        return EvaluationOutcome.failed(Kind.WORKER_FAILURE, "the evaluator sent a job that is not valid: " + e);
      }
    }
    return EvaluationOutcome.success(jobs);
  }

  private void giveBack(WorkerProcess worker, boolean retire) {
    if (!retire && worker.alive() && worker.evaluations() < settings.evaluationsPerWorker() && !closed) {
      idle.add(worker);
      return;
    }
    all.remove(worker);
    worker.kill();
    startReplacement();
  }

  private void startReplacement() {
    if (closed) {
      return;
    }
    starter.execute(() -> {
      Duration backOff = Duration.ofMillis(500);
      while (!closed) {
        try {
          WorkerProcess worker = WorkerProcess.start(settings.command(), settings.limits(), settings.startTimeout());
          if (!evaluatorVersion.equals(worker.evaluatorVersion())) {
            worker.kill();
            throw new IOException("worker runs " + worker.evaluatorVersion() + ", the pool expects " + evaluatorVersion);
          }
          workersStarted.incrementAndGet();
          all.add(worker);
          idle.add(worker);
          if (closed) {
            close();
          }
          return;
        } catch (IOException e) {
          if (closed) {
            return;
          }
          lastStartFailure = "starting an evaluator worker failed: " + e.getMessage();
          System.err.println(lastStartFailure);
          try {
            Thread.sleep(backOff.toMillis());
          } catch (InterruptedException interrupted) {
            return;
          }
          backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
              ? Duration.ofSeconds(30) : backOff.multipliedBy(2);
        }
      }
    });
  }

  @Override
  public String evaluatorVersion() {
    return evaluatorVersion;
  }

  /** Requests sent to workers since the pool started. */
  public long evaluations() {
    return evaluations.get();
  }

  /** Workers that came up, the first ones and every replacement. */
  public long workersStarted() {
    return workersStarted.get();
  }

  /** Process ids of the live workers (for tests that check replacement and clean-up). */
  public List<Long> workerPids() {
    return all.stream().map(WorkerProcess::pid).toList();
  }

  public PoolSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    closed = true;
    starter.shutdownNow();
    for (WorkerProcess worker : List.copyOf(all)) {
      all.remove(worker);
      idle.remove(worker);
      worker.kill();
    }
  }
}
