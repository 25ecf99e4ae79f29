package dev.aurora.dsl.model;

/** {@code health_check_config}: exactly one of {@code http} / {@code shellCommand} is normally set. */
public record HealthCheckSpec(
    HttpCheck http,
    String shellCommand,
    double initialIntervalSecs,
    double intervalSecs,
    int maxConsecutiveFailures,
    int minConsecutiveSuccesses,
    double timeoutSecs) {

  public record HttpCheck(String endpoint, String expectedResponse, int expectedResponseCode) {}
}
