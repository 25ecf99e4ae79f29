package dev.aurora.executor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The attempt arithmetic of Aurora's health checker, probe by probe. */
class HealthCheckPolicyTest {
  private static final HealthCheck.Result OK = HealthCheck.Result.OK;
  private static final HealthCheck.Result BAD = HealthCheck.Result.failed("bad");

  @Test
  void failuresDuringTheInitialIntervalAreForgiven() {
    HealthCheckPolicy policy = new HealthCheckPolicy(30, 10, 0, 1); // 3 forgiving attempts
    for (int i = 0; i < 3; i++) {
      policy.record(BAD);
      assertNull(policy.unhealthyReason(), "attempt " + (i + 1));
    }
    policy.record(OK);
    assertTrue(policy.running());
  }

  @Test
  void runningNeedsMinConsecutiveSuccessesAndThenFailsAfterMaxConsecutiveFailures() {
    HealthCheckPolicy policy = new HealthCheckPolicy(0, 10, 2, 2);
    policy.record(OK);
    assertFalse(policy.running());
    policy.record(OK);
    assertTrue(policy.running());
    policy.record(BAD);
    policy.record(BAD);
    assertNull(policy.unhealthyReason(), "2 failures are allowed");
    policy.record(BAD);
    assertEquals("bad", policy.unhealthyReason());
  }

  @Test
  void failsFastWhenTheRemainingAttemptsCannotProveHealth() {
    // forgiving 0 + max failures 5 + min successes 3 = 8 attempts to become RUNNING.
    HealthCheckPolicy policy = new HealthCheckPolicy(0, 10, 5, 3);
    for (HealthCheck.Result r : new HealthCheck.Result[] {BAD, OK, BAD, OK, BAD}) {
      policy.record(r);
      assertNull(policy.unhealthyReason());
    }
    policy.record(BAD); // attempt 6: 2 attempts left, 3 successes needed
    assertEquals("bad", policy.unhealthyReason());
  }

  @Test
  void notRunningWhenTheAttemptsRunOutIsUnhealthy() {
    // forgiving 1 + max failures 1 + min successes 2 = 4 attempts; flapping never gets 2 successes in a row.
    HealthCheckPolicy policy = new HealthCheckPolicy(10, 10, 1, 2);
    for (HealthCheck.Result r : new HealthCheck.Result[] {BAD, OK, BAD, OK, BAD}) {
      assertFalse(policy.deadlinePassed());
      policy.record(r);
      assertNull(policy.unhealthyReason());
    }
    assertFalse(policy.running());
    assertTrue(policy.deadlinePassed());
    assertEquals("Not enough successful health checks in time.", policy.unhealthyReason());
  }

  @Test
  void aRunningTaskHasNoDeadline() {
    HealthCheckPolicy policy = new HealthCheckPolicy(20, 10, 0, 1); // 3 attempts
    policy.record(BAD);
    policy.record(BAD);
    policy.record(OK);
    policy.record(OK);
    policy.record(OK);
    assertTrue(policy.running());
    assertFalse(policy.deadlinePassed());
  }
}
