package dev.aurora.operator.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figures of issue 4 (run on demand, not part of {@code mvn test}): warm pool start-up, evaluations per second
 * with pool sizes 1 and 2, and the latency the sandbox adds over in-process evaluation, for
 * {@code tutorial_typical.aurora}. Prints a table and writes {@code target/benchmarks/evaluation-sandbox.json}.
 *
 * <p>Run: {@code java -cp <operator test class path> dev.aurora.operator.evaluation.EvaluationBenchmark [evaluations]}
 */
public final class EvaluationBenchmark {
  private EvaluationBenchmark() {}

  public static void main(String[] args) throws Exception {
    int evaluations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    EvaluationInput input = SandboxFixtures.example("tutorial_typical.aurora");
    ObjectMapper json = new ObjectMapper();
    ObjectNode figures = json.createObjectNode();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("config", "tutorial_typical.aurora");
    figures.put("evaluations", evaluations);

    // Baseline: the dsl in this JVM, warmed the same way a worker is.
    EvaluationResult reference = AuroraConfigEvaluator.evaluate(DslEvaluation.toDslRequest(input));
    if (!reference.ok()) {
      throw new IllegalStateException("tutorial_typical does not evaluate: " + reference.error().render());
    }
    List<Long> inProcess = new ArrayList<>();
    for (int i = 0; i < evaluations; i++) {
      long start = System.nanoTime();
      AuroraConfigEvaluator.evaluate(DslEvaluation.toDslRequest(input));
      inProcess.add(System.nanoTime() - start);
    }

    List<String> table = new ArrayList<>();
    table.add(String.format("%-34s %12s", "figure", "value"));
    double inProcessMedian = millis(percentile(inProcess, 50));
    row(table, figures, "in_process_median_ms", inProcessMedian);
    row(table, figures, "in_process_p95_ms", millis(percentile(inProcess, 95)));

    for (int size : new int[] {1, 2}) {
      long started = System.nanoTime();
      try (WorkerPool pool = WorkerPool.start(PoolSettings.defaults().withSize(size))) {
        if (!pool.awaitWarm(Duration.ofMinutes(3))) {
          throw new IllegalStateException("pool of " + size + " did not warm up");
        }
        row(table, figures, "pool_" + size + "_warm_start_ms", millis(System.nanoTime() - started));
        for (int i = 0; i < 20; i++) {
          check(pool.evaluate(input), reference);
        }
        if (size == 1) {
          List<Long> sandboxed = new ArrayList<>();
          for (int i = 0; i < evaluations; i++) {
            long start = System.nanoTime();
            check(pool.evaluate(input), reference);
            sandboxed.add(System.nanoTime() - start);
          }
          double median = millis(percentile(sandboxed, 50));
          row(table, figures, "sandboxed_median_ms", median);
          row(table, figures, "sandboxed_p95_ms", millis(percentile(sandboxed, 95)));
          row(table, figures, "sandbox_added_latency_median_ms", median - inProcessMedian);
        }
        row(table, figures, "pool_" + size + "_evaluations_per_second", throughput(pool, input, reference, evaluations));
      }
    }
    table.forEach(System.out::println);
    Path out = Path.of("target", "benchmarks", "evaluation-sandbox.json");
    Files.createDirectories(out.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), figures);
    System.out.println("figures written to " + out.toAbsolutePath());
  }

  /** Four callers keep the pool busy; evaluations per second over the whole run. */
  private static double throughput(WorkerPool pool, EvaluationInput input, EvaluationResult reference, int count)
      throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      long start = System.nanoTime();
      List<Future<EvaluationOutcome>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        results.add(callers.submit(() -> pool.evaluate(input)));
      }
      for (Future<EvaluationOutcome> result : results) {
        check(result.get(), reference);
      }
      return count / ((System.nanoTime() - start) / 1e9);
    } finally {
      callers.shutdownNow();
    }
  }

  private static void check(EvaluationOutcome outcome, EvaluationResult reference) {
    if (!outcome.ok() || !outcome.jobs().equals(reference.jobs())) {
      throw new IllegalStateException("sandboxed result differs: " + (outcome.ok() ? outcome.jobs()
          : outcome.failure().render()));
    }
  }

  private static void row(List<String> table, ObjectNode figures, String name, double value) {
    double rounded = Math.round(value * 100) / 100.0;
    figures.put(name, rounded);
    table.add(String.format("%-34s %12.2f", name, rounded));
  }

  private static long percentile(List<Long> samples, int percent) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
