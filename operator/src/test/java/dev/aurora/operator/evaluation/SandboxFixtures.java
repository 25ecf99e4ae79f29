package dev.aurora.operator.evaluation;

import dev.aurora.testing.SharedCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Shared set-up of the sandbox tests: real worker JVMs from the test class path, small limits, the corpora. */
public final class SandboxFixtures {
  static final Map<String, String> CORPUS_ENVIRONMENT = Map.of("USER", "jdoe");

  private SandboxFixtures() {}

  /** Limits small enough that the hostile cases end quickly. */
  static EvaluationLimits testLimits() {
    return EvaluationLimits.DEFAULTS.withTimeLimit(Duration.ofSeconds(3));
  }

  public static WorkerPool startPool(int size, EvaluationLimits limits) {
    WorkerPool pool = WorkerPool.start(PoolSettings.defaults().withSize(size).withLimits(limits));
    try {
      if (!pool.awaitWarm(Duration.ofSeconds(120))) {
        pool.close();
        throw new IllegalStateException("the evaluator pool did not warm up in 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return pool;
  }

  /**
   * The conformance corpus: ../shared/examples beside the repository (the build passes its location). A plain clone
   * has none: the test is then reported as not run, or fails where CI sets {@code AURORA_SHARED_REQUIRED=true}.
   */
  public static Path sharedExamples() {
    return SharedCorpus.examples();
  }

  static EvaluationInput example(String name) {
    Path file = sharedExamples().resolve(name);
    return EvaluationInput.of(name, read(file)).withEnvironment(CORPUS_ENVIRONMENT);
  }

  /** The corpus's hello world as the tutorial submits it. */
  static EvaluationInput helloWorld() {
    return example("hello_world.aurora").withJobKey("cluster1/jdoe/test/hello_world");
  }

  /** A file of the hostile corpus under src/test/resources/hostile. */
  static EvaluationInput hostile(String name) {
    try (var in = SandboxFixtures.class.getResourceAsStream("/hostile/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no hostile case " + name);
      }
      return EvaluationInput.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .withEnvironment(CORPUS_ENVIRONMENT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
