package dev.aurora.executor.health;

/** One probe of a task's health. */
public interface HealthCheck {
  /** Healthy, or why not. */
  record Result(boolean healthy, String reason) {
    static final Result OK = new Result(true, null);

    static Result failed(String reason) {
      return new Result(false, reason);
    }
  }

  Result check();
}
