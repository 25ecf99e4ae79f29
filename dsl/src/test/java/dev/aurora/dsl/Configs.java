package dev.aurora.dsl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.model.JobSpec;
import java.util.List;
import java.util.Map;

/** Evaluates in-memory configs for tests: the sandbox's way in (named files), with USER=jdoe. */
public final class Configs {
  public static final Map<String, String> ENVIRONMENT = Map.of("USER", "jdoe");

  private Configs() {}

  public static EvaluationResult evaluate(String source, String key, String... bindings) {
    return evaluate(Map.of("main.aurora", source), key, bindings);
  }

  public static EvaluationResult evaluate(Map<String, String> files, String key, String... bindings) {
    return AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("main.aurora", files, ENVIRONMENT,
        List.of(bindings), key == null ? null : JobKey.parse(key)));
  }

  public static JobSpec job(String source, String key, String... bindings) {
    EvaluationResult result = evaluate(source, key, bindings);
    assertTrue(result.ok(), () -> "expected success, got " + result.error().render());
    return result.jobs().get(0);
  }

  public static ConfigError error(String source, String key, String... bindings) {
    EvaluationResult result = evaluate(source, key, bindings);
    assertFalse(result.ok(), () -> "expected an error, got " + result.jobs());
    return result.error();
  }

  /** A valid job around the given task expression (and any definitions before it). */
  public static String jobWithTask(String definitions, String task) {
    return definitions + "\njobs = [Job(cluster='c', role='r', environment='prod', name='j', task=" + task + ")]\n";
  }

  public static final String RESOURCES = "Resources(cpu=1.0, ram=64*MB, disk=64*MB)";
}
