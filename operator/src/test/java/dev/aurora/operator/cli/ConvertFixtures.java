package dev.aurora.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aurora.operator.evaluation.EvaluationLimits;
import dev.aurora.operator.evaluation.SandboxFixtures;
import dev.aurora.operator.evaluation.WorkerPool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared set-up of the convert tests: one real evaluator pool, the corpus, running the command and its output. */
final class ConvertFixtures {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConvertFixtures() {}

  static WorkerPool startPool() {
    return SandboxFixtures.startPool(1, EvaluationLimits.DEFAULTS);
  }

  /** The corpus's valid examples: the top-level *.aurora files. */
  static List<Path> validExamples() {
    try (Stream<Path> files = Files.list(SandboxFixtures.sharedExamples())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".aurora")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Run(int exitCode, String stdout, String stderr) {
    /** The summary: standard output with --out, standard error without. */
    String summary(boolean withOut) {
      return withOut ? stdout : stderr;
    }
  }

  /** Runs {@code convert} with {@code USER=jdoe} (the corpus's environment) unless {@code environment} says else. */
  static Run convert(WorkerPool pool, Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ConvertCommand.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), () -> new Unclosed(pool));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Run convert(WorkerPool pool, String... args) {
    return convert(pool, Map.of("USER", "jdoe"), args);
  }

  /** Every manifest under {@code dir}, parsed. */
  static List<JsonNode> manifests(Path dir) {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        out.add(YAML.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static long countFiles(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertExit(int expected, Run run) {
    assertEquals(expected, run.exitCode(), () -> "stdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr());
  }

  /** The shared pool, lent to one command run, which closes what it is given. */
  private record Unclosed(WorkerPool pool) implements dev.aurora.operator.evaluation.ConfigEvaluator {
    @Override
    public dev.aurora.operator.evaluation.EvaluationOutcome evaluate(
        dev.aurora.operator.evaluation.EvaluationInput input) {
      return pool.evaluate(input);
    }

    @Override
    public String evaluatorVersion() {
      return pool.evaluatorVersion();
    }

    @Override
    public void close() {
    }
  }
}
