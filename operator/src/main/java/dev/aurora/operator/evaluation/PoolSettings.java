package dev.aurora.operator.evaluation;

import java.time.Duration;

/**
 * How a {@link WorkerPool} runs its workers.
 *
 * @param size workers kept warm (2 by default: one evaluation may wait on a slow config while the other serves)
 * @param limits what each evaluation may use
 * @param command how a worker JVM is started
 * @param evaluationsPerWorker a worker is replaced after this many evaluations, which bounds what slowly builds up
 *     in a long-lived interpreter (compiled classes, interned strings)
 * @param startTimeout how long a new worker may take to report ready
 * @param acquireTimeout how long an evaluation waits for a free worker before it fails
 */
public record PoolSettings(int size, EvaluationLimits limits, WorkerCommand command, int evaluationsPerWorker,
                           Duration startTimeout, Duration acquireTimeout) {

  public PoolSettings {
    if (size < 1) {
      throw new IllegalArgumentException("an evaluator pool needs at least one worker, not " + size);
    }
    if (evaluationsPerWorker < 1) {
      throw new IllegalArgumentException("evaluationsPerWorker must be positive");
    }
  }

  public static PoolSettings defaults() {
    return new PoolSettings(2, EvaluationLimits.DEFAULTS, WorkerCommand.ofThisJvm(), 1000, Duration.ofSeconds(90),
        Duration.ofMinutes(2));
  }

  public PoolSettings withSize(int newSize) {
    return new PoolSettings(newSize, limits, command, evaluationsPerWorker, startTimeout, acquireTimeout);
  }

  public PoolSettings withLimits(EvaluationLimits newLimits) {
    return new PoolSettings(size, newLimits, command, evaluationsPerWorker, startTimeout, acquireTimeout);
  }

  public PoolSettings withEvaluationsPerWorker(int evaluations) {
    return new PoolSettings(size, limits, command, evaluations, startTimeout, acquireTimeout);
  }
}
