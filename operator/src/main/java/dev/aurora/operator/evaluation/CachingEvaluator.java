package dev.aurora.operator.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers outcomes by the content hash of everything that determines them ({@link EvaluationInput#contentHash},
 * which includes the evaluator version), so an unchanged {@code AuroraJob} is never evaluated twice (ARCHITECTURE
 * rule 2). Bounded LRU. Concurrent requests for the same input share one evaluation. Worker failures are not
 * remembered: asking again may succeed. Limit failures are: the same input would hit the same limit, and
 * re-running an infinite loop on every reconcile is exactly what the cache prevents.
 */
public final class CachingEvaluator implements ConfigEvaluator {
  private final ConfigEvaluator delegate;
  private final Map<String, EvaluationOutcome> outcomes;
  private final ConcurrentHashMap<String, CompletableFuture<EvaluationOutcome>> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public CachingEvaluator(ConfigEvaluator delegate, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the evaluation cache needs room for at least one entry");
    }
    this.delegate = delegate;
    this.outcomes = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, EvaluationOutcome> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public EvaluationOutcome evaluate(EvaluationInput input) {
    String key = input.contentHash(delegate.evaluatorVersion());
    synchronized (outcomes) {
      EvaluationOutcome known = outcomes.get(key);
      if (known != null) {
        hits.incrementAndGet();
        return known;
      }
    }
    CompletableFuture<EvaluationOutcome> mine = new CompletableFuture<>();
    CompletableFuture<EvaluationOutcome> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      hits.incrementAndGet();
      return running.join();
    }
    try {
      EvaluationOutcome outcome;
      synchronized (outcomes) {
        // Another caller may have finished this key between our look-up and claiming it.
        outcome = outcomes.get(key);
      }
      if (outcome == null) {
        misses.incrementAndGet();
        outcome = delegate.evaluate(input);
      }
      if (outcome.ok() || !outcome.failure().transientFailure()) {
        synchronized (outcomes) {
          outcomes.put(key, outcome);
        }
      }
      mine.complete(outcome);
      return outcome;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  @Override
  public String evaluatorVersion() {
    return delegate.evaluatorVersion();
  }

  public long hits() {
    return hits.get();
  }

  /** Evaluations passed to the delegate. */
  public long misses() {
    return misses.get();
  }

  public int size() {
    synchronized (outcomes) {
      return outcomes.size();
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
