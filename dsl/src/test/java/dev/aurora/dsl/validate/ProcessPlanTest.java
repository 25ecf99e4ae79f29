package dev.aurora.dsl.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessPlanTest {
  private static final ProcessPlan.Member A = new ProcessPlan.Member("a", false, false);
  private static final ProcessPlan.Member B = new ProcessPlan.Member("b", false, false);
  private static final ProcessPlan.Member C = new ProcessPlan.Member("c", false, false);

  @Test
  void chainsAndDiamondsAreFine() {
    assertNull(ProcessPlan.problem(List.of(A, B, C), List.of(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"))));
    assertNull(ProcessPlan.problem(List.of(A, B), List.of()));
  }

  @Test
  void longCyclesAreFound() {
    assertEquals("Cycles detected in the task schedule!",
        ProcessPlan.problem(List.of(A, B, C), List.of(List.of("a", "b", "c"), List.of("c", "a"))));
  }

  @Test
  void anEmptyOrderIsInvalid() {
    assertEquals("Invalid process dependencies!", ProcessPlan.problem(List.of(A), List.of(List.of())));
  }

  @Test
  void ephemeralMayFollowEphemeral() {
    ProcessPlan.Member e1 = new ProcessPlan.Member("e1", false, true);
    ProcessPlan.Member e2 = new ProcessPlan.Member("e2", false, true);
    assertNull(ProcessPlan.problem(List.of(e1, e2), List.of(List.of("e1", "e2"))));
  }
}
