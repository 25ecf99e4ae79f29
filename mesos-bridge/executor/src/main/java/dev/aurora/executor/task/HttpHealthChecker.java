package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora {@code HttpHealthChecker}: GET on the {@code health} port; code 0 means "any code". */
public record HttpHealthChecker(
    String endpoint,
    @JsonProperty("expected_response") String expectedResponse,
    @JsonProperty("expected_response_code") Integer expectedResponseCode) {
  public HttpHealthChecker {
    endpoint = endpoint == null ? "/health" : endpoint;
    expectedResponse = expectedResponse == null ? "ok" : expectedResponse;
    expectedResponseCode = expectedResponseCode == null ? 0 : expectedResponseCode;
  }

  public static final HttpHealthChecker DEFAULT = new HttpHealthChecker(null, null, null);
}
