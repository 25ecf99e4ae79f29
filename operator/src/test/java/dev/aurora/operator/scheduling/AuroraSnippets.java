package dev.aurora.operator.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.model.JobSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real {@link JobSpec}s for the scheduling tests: `.aurora` text evaluated in-process by the dsl, the way the
 * operator's evaluator workers do it (named files, sandbox policy). Evaluations are cached by source text.
 */
final class AuroraSnippets {
  private static final Map<String, JobSpec> CACHE = new ConcurrentHashMap<>();

  private AuroraSnippets() {
  }

  /** The single job the source defines. */
  static JobSpec evaluate(String source) {
    return CACHE.computeIfAbsent(source, s -> {
      EvaluationResult result = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("job.aurora",
          Map.of("job.aurora", s), Map.of("USER", "tester"), List.of(), null));
      assertTrue(result.ok(), () -> "the snippet does not evaluate: " + result.error().render() + "\n" + s);
      assertEquals(1, result.jobs().size(), "the snippet must define one job");
      return result.jobs().get(0);
    });
  }

  /** A job of {@code kind} (Service or Job) running {@code cmdline}, with extra Job fields such as instances. */
  static JobSpec job(String kind, String name, String cmdline, String jobFields) {
    return evaluate("""
        main = Process(name='main', cmdline='%s')
        task = Task(name='main', processes=[main], resources=Resources(cpu=0.1, ram=16*MB, disk=16*MB))
        jobs = [%s(cluster='test', role='www', environment='prod', name='%s', task=task%s)]
        """.formatted(cmdline, kind, name, jobFields.isEmpty() ? "" : ", " + jobFields));
  }

  static JobSpec service(String name, String cmdline, String jobFields) {
    return job("Service", name, cmdline, jobFields);
  }

  static JobSpec batch(String name, String cmdline, String jobFields) {
    return job("Job", name, cmdline, jobFields);
  }
}
