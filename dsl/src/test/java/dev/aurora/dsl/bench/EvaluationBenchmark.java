package dev.aurora.dsl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.testing.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * On-demand benchmark (not part of {@code mvn test}): warm evaluation time per corpus file (p50/p99 over many
 * runs in this JVM, after warm-up) and the cold wall time of a fresh {@code inspect} process.
 *
 * <pre>
 * cd dsl &amp;&amp; mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.aurora.dsl.bench.EvaluationBenchmark \
 *   [warm-iterations, default 300] [output, default target/benchmark/dsl-evaluation.json]
 * </pre>
 * Goal (issue 3): tutorial_typical.aurora warm p50 <= 13 ms, cold inspect <= 1.5 s.
 */
public final class EvaluationBenchmark {
  private static final Map<String, String> ENVIRONMENT = Map.of("USER", "jdoe");

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path output = Path.of(args.length > 1 ? args[1] : "target/benchmark/dsl-evaluation.json");
    List<Path> files;
    try (Stream<Path> list = Files.list(SharedCorpus.examples())) {
      files = list.filter(f -> f.toString().endsWith(".aurora")).sorted().toList();
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = json.createObjectNode();
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("java", System.getProperty("java.version"));
    report.put("warm_iterations", iterations);
    ArrayNode warm = report.putArray("warm");

    System.out.printf("%-36s %10s %10s %10s%n", "file (warm, all jobs)", "p50 ms", "p99 ms", "max ms");
    for (Path file : files) {
      EvaluationRequest request = EvaluationRequest.ofFile(file.toString(), ENVIRONMENT);
      for (int i = 0; i < iterations; i++) {
        AuroraConfigEvaluator.evaluate(request);
      }
      double[] millis = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long start = System.nanoTime();
        AuroraConfigEvaluator.evaluate(request);
        millis[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(millis);
      double p50 = percentile(millis, 50);
      double p99 = percentile(millis, 99);
      System.out.printf("%-36s %10.3f %10.3f %10.3f%n", file.getFileName(), p50, p99, millis[millis.length - 1]);
      warm.addObject().put("file", file.getFileName().toString()).put("p50_ms", p50).put("p99_ms", p99)
          .put("max_ms", millis[millis.length - 1]);
    }

    Path typical = SharedCorpus.examples().resolve("tutorial_typical.aurora");
    ColdStart cold = new ColdStart(typical, "cluster1/myteam/prod/application");
    ObjectNode coldReport = report.putObject("cold_inspect_tutorial_typical");
    coldReport.put("jvm_flags", String.join(" ", ColdStart.FLAGS));
    for (boolean cds : new boolean[] {false, true}) {
      List<Double> runs = cold.measure(5, cds);
      String label = cds ? "cold inspect, AppCDS archive" : "cold inspect, plain JVM";
      System.out.printf("%-36s %10.0f ms (median of 5; min %.0f, max %.0f)%n", label, runs.get(2), runs.get(0),
          runs.get(4));
      coldReport.putObject(cds ? "appcds" : "plain").put("median_ms", runs.get(2)).put("min_ms", runs.get(0))
          .put("max_ms", runs.get(4));
    }
    Files.createDirectories(output.toAbsolutePath().getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(output.toFile(), report);
    System.out.println("wrote " + output.toAbsolutePath());
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
