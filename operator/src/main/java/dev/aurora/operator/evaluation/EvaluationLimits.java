package dev.aurora.operator.evaluation;

import java.time.Duration;

/**
 * What one evaluation may use. Time is enforced by whoever holds the worker (it is killed when the limit passes);
 * memory by the worker JVM's heap size and its {@link MemoryGuard}; recursion and output size inside the worker.
 *
 * @param timeLimit wall-clock time from sending the request to receiving the answer
 * @param memoryMegabytes the worker JVM's maximum heap ({@code -Xmx}); fixed when the worker starts
 * @param maxOutputBytes the largest response a worker may send (the jobs as JSON)
 * @param recursionLimit Python's {@code sys.setrecursionlimit} for the config
 */
public record EvaluationLimits(
    Duration timeLimit, int memoryMegabytes, int maxOutputBytes, int recursionLimit) {

  public static final EvaluationLimits DEFAULTS =
      new EvaluationLimits(Duration.ofSeconds(10), 256, 4 * 1024 * 1024, 1000);

  public EvaluationLimits {
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("the evaluation time limit must be positive, not " + timeLimit);
    }
    if (memoryMegabytes < 64) {
      throw new IllegalArgumentException("an evaluator needs at least 64 MB of heap, not " + memoryMegabytes);
    }
    if (maxOutputBytes < 1024 || recursionLimit < 50) {
      throw new IllegalArgumentException("evaluation limits too small: " + this);
    }
  }

  public EvaluationLimits withTimeLimit(Duration limit) {
    return new EvaluationLimits(limit, memoryMegabytes, maxOutputBytes, recursionLimit);
  }

  public EvaluationLimits withMemoryMegabytes(int megabytes) {
    return new EvaluationLimits(timeLimit, megabytes, maxOutputBytes, recursionLimit);
  }

  public EvaluationLimits withMaxOutputBytes(int bytes) {
    return new EvaluationLimits(timeLimit, memoryMegabytes, bytes, recursionLimit);
  }

  /**
   * What a request asking for {@code requested} gets from an evaluator configured with these limits: the smaller
   * of each, except the heap, which is fixed per worker.
   */
  public EvaluationLimits tightest(EvaluationLimits requested) {
    return new EvaluationLimits(
        requested.timeLimit.compareTo(timeLimit) < 0 ? requested.timeLimit : timeLimit, memoryMegabytes,
        Math.min(maxOutputBytes, requested.maxOutputBytes), Math.min(recursionLimit, requested.recursionLimit));
  }

  /** "10 s", "2.5 s", "500 ms": the way the limit appears in error messages. */
  public String describeTime() {
    long millis = timeLimit.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis >= 1000 ? (millis / 1000.0) + " s" : millis + " ms";
  }

  /** "4 MiB", "512 KiB", "1500 bytes". */
  public String describeOutput() {
    return describeBytes(maxOutputBytes);
  }

  static String describeBytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }
}
