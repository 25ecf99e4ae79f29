package dev.aurora.operator.evaluation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker that has answered hundreds of requests (its evaluation path compiled by the JIT, collections between and
 * during evaluations) still shows each config the request's own environment. Found by the operator's scale
 * benchmark: from about the 500th evaluation on, one in 25 to 100 saw {@code os.getenv('USER')} as None or failed with the
 * sandbox refusing Jython's native set-up, because the evaluation's Jython system state (held only weakly by
 * Jython's thread state) was collected mid-evaluation.
 */
class LongRunningWorkerTest {
  private static final int EVALUATIONS = 1500;

  @Test
  void everyEvaluationOfAWarmWorkerSeesItsOwnEnvironment() {
    List<String> wrong = new ArrayList<>();
    try (WorkerPool pool = SandboxFixtures.startPool(1, SandboxFixtures.testLimits())) {
      for (int i = 0; i < EVALUATIONS; i++) {
        // A distinct source each time, as distinct resources are: nothing is answered from a cache.
        String source = "import os\njobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'prod',"
            + " name = 'job_" + i + "', task = SimpleTask('main', 'sleep " + i + "'))]\n";
        String role = "role" + (i % 7);
        EvaluationOutcome outcome = pool.evaluate(new EvaluationInput("job_" + i + ".aurora", source, Map.of(), null,
            List.of(), Map.of("USER", role)));
        if (!outcome.ok()) {
          wrong.add(i + ": " + outcome.failure().render());
        } else if (!outcome.jobs().get(0).key().role().equals(role)) {
          wrong.add(i + ": role " + outcome.jobs().get(0).key().role());
        }
      }
    }
    assertTrue(wrong.isEmpty(), wrong.size() + " of " + EVALUATIONS + " evaluations went wrong: " + wrong);
  }
}
