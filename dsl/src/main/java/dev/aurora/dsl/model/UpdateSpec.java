package dev.aurora.dsl.model;

import java.util.List;

/** {@code update_config}; {@code pulseIntervalSecs} and {@code strategy} are null when unset. */
public record UpdateSpec(
    int batchSize,
    int watchSecs,
    int maxPerShardFailures,
    int maxTotalFailures,
    boolean rollbackOnFailure,
    boolean waitForBatchCompletion,
    Integer pulseIntervalSecs,
    boolean slaAware,
    Strategy strategy) {

  public enum Kind { QUEUE, BATCH, VARIABLE_BATCH }

  /** {@code batchSizes} has one entry for Queue/Batch strategies and the declared sizes for VariableBatch. */
  public record Strategy(Kind kind, List<Integer> batchSizes, boolean autopauseAfterBatch) {
    public Strategy {
      batchSizes = List.copyOf(batchSizes);
    }
  }
}
