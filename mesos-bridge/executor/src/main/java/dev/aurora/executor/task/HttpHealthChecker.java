package dev.aurora.executor.task;

/** Aurora {@code HttpHealthChecker}: GET on the {@code health} port; code 0 means "any code". */
public record HttpHealthChecker(
    String endpoint,
    String expectedResponse,
    Integer expectedResponseCode) {
  public HttpHealthChecker {
    endpoint = endpoint == null ? "/health" : endpoint;
    expectedResponse = expectedResponse == null ? "ok" : expectedResponse;
    expectedResponseCode = expectedResponseCode == null ? 0 : expectedResponseCode;
  }

  public static final HttpHealthChecker DEFAULT = new HttpHealthChecker(null, null, null);
}
