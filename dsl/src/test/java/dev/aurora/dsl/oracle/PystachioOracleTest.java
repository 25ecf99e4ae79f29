package dev.aurora.dsl.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.dsl.EvaluationPolicy;
import dev.aurora.dsl.loader.ConfigSources;
import dev.aurora.dsl.python.ConfigExecution;
import dev.aurora.dsl.python.PythonRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Differential test against the real Pystachio 0.8.5 running under Jython 2.7 in a child JVM (the runtime Aurora's
 * configs were evaluated in): the same generated programs go through our engine and through Pystachio, and every
 * outcome (interpolated value, unbound refs, check message, error) must be identical.
 *
 * <p>Needs the oracle, installed by {@code dsl/src/test/oracle/install-pystachio-oracle.sh} into
 * {@code target/pystachio-oracle}; the pom runs this class only when it is there (profile pystachio-oracle).
 */
class PystachioOracleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CASES = 150;
  /** Start-up of the child JVM plus one case; a case Pystachio takes longer on is left unanswered. */
  private static final int CASE_SECONDS = 20;

  @Test
  void randomProgramsBehaveLikePystachio() throws Exception {
    List<String> differences = new ArrayList<>();
    List<String> unanswered = new ArrayList<>();
    int total = 0;
    for (long seed : new long[] {1, 2, 3}) {
      List<String> cases = new CaseGenerator(seed).cases(CASES);
      JsonNode ours = JSON.readTree(ours(cases));
      List<JsonNode> theirs = oracle(cases);
      total += cases.size();
      for (int i = 0; i < cases.size(); i++) {
        if (theirs.get(i) == null) {
          unanswered.add("seed " + seed + " case " + i);
          System.out.println("Pystachio did not finish seed " + seed + " case " + i + ":\n" + cases.get(i));
        } else if (!ours.get(i).equals(theirs.get(i))) {
          differences.add("seed " + seed + " case " + i + ":\n" + cases.get(i) + "  pystachio: " + theirs.get(i)
              + "\n  ours:      " + ours.get(i));
        }
      }
    }
    assertTrue(unanswered.size() <= total / 50, "Pystachio itself did not finish too many programs: " + unanswered);
    assertTrue(differences.isEmpty(), differences.size() + " of " + total + " programs differ:\n"
        + String.join("\n", differences));
  }

  private static String driver() throws IOException {
    try (InputStream in = PystachioOracleTest.class.getResourceAsStream("/oracle/driver.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String casesLiteral(List<String> cases) throws IOException {
    return JSON.writeValueAsString(cases);
  }

  private static String ours(List<String> cases) throws IOException {
    String program = driver() + "\nresult = evaluate_all(" + casesLiteral(cases) + ", globals())\n";
    synchronized (PythonRuntime.LOCK) {
      return ConfigExecution.run("driver.py", ConfigSources.named(Map.of("driver.py", program)), Map.of(),
          EvaluationPolicy.TRUSTED)
          .__finditem__("result").toString();
    }
  }

  /**
   * Pystachio's outcome per case, null where it did not finish within {@link #CASE_SECONDS} (it has no bound on
   * template growth; our engine stops at 1 MiB). A stuck run is killed and resumed after the stuck case.
   */
  private static List<JsonNode> oracle(List<String> cases) throws Exception {
    List<JsonNode> outcomes = new ArrayList<>();
    while (outcomes.size() < cases.size()) {
      List<String> lines = runOracle(cases.subList(outcomes.size(), cases.size()));
      for (String line : lines) {
        outcomes.add(JSON.readTree(line));
      }
      if (outcomes.size() < cases.size()) {
        outcomes.add(null);
      }
    }
    return outcomes;
  }

  private static List<String> runOracle(List<String> cases) throws Exception {
    Path home = Path.of("target", "pystachio-oracle").toAbsolutePath();
    assertTrue(Files.exists(home.resolve("pystachio/__init__.py")), "run install-pystachio-oracle.sh first");
    Path script = Files.createTempFile(home, "run", ".py");
    Files.writeString(script, "from pystachio import *\n" + driver()
        + "\nprint_each(" + casesLiteral(cases) + ", globals())\n");
    String jython = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).stream()
        .filter(p -> p.contains("jython-standalone")).findFirst().orElseThrow();
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dpython.path=" + home, "-Dpython.import.site=false", "-Dpython.cachedir.skip=true",
        "-cp", jython, "org.python.util.jython", script.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the process was killed; what was read so far stands
      }
    });
    reader.start();
    int seen = -1;
    long lastProgress = System.nanoTime();
    while (process.isAlive() && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(CASE_SECONDS)) {
      process.waitFor(1, TimeUnit.SECONDS);
      if (lines.size() != seen) {
        seen = lines.size();
        lastProgress = System.nanoTime();
      }
    }
    process.destroyForcibly().waitFor();
    reader.join();
    Files.deleteIfExists(script);
    return List.copyOf(lines);
  }
}
