package dev.aurora.operator.evaluation;

/**
 * Turns an {@code AuroraJob}'s source into resolved jobs. Implementations never evaluate in the caller's JVM
 * (ARCHITECTURE.md rule 1) and never throw for anything the config does: every problem is an
 * {@link EvaluationOutcome} failure. Safe to call from many threads.
 */
public interface ConfigEvaluator extends AutoCloseable {

  EvaluationOutcome evaluate(EvaluationInput input);

  /** Identifies the language implementation behind the answers; part of every cache key. */
  String evaluatorVersion();

  @Override
  void close();
}
