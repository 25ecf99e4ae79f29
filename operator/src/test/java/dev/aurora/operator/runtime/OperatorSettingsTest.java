package dev.aurora.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operator settings from flags and variables: the preemption delay. */
class OperatorSettingsTest {
  private static OperatorSettings parse(Map<String, String> env, String... args) {
    return OperatorSettings.parse(args, env);
  }

  @Test
  void thePreemptionDelayIsAurorasThreeMinutesUnlessSet() {
    assertEquals(Duration.ofMinutes(3), parse(Map.of()).preemptionDelay());
    assertEquals(Duration.ofSeconds(30), parse(Map.of(), "--preemption-delay", "30s").preemptionDelay());
    assertEquals(Duration.ofMillis(500), parse(Map.of("AURORA_PREEMPTION_DELAY", "500ms")).preemptionDelay());
    assertEquals(Duration.ofHours(1), parse(Map.of("AURORA_PREEMPTION_DELAY", "500ms"), "--preemption-delay", "1h")
        .preemptionDelay(), "flags win");
    for (String bad : new String[] {"0s", "3", "-1m", "3 minutes"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> parse(Map.of(), "--preemption-delay", bad));
      assertTrue(e.getMessage().startsWith("--preemption-delay must be a positive duration"), e.getMessage());
    }
  }
}
