package dev.aurora.executor.health;

import dev.aurora.executor.task.HttpHealthChecker;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Aurora's HTTP health check: GET {@code http://localhost:<health port><endpoint>}; healthy when a response came
 * back, its trimmed, lower-cased body equals {@code expected_response} (if set) and its code equals
 * {@code expected_response_code} (if not 0). Error statuses count as an empty body, as urllib reported them.
 */
public final class HttpHealthCheck implements HealthCheck {
  private static final int REASON_LENGTH = 100;

  private final URL url;
  private final HttpHealthChecker config;
  private final int timeoutMillis;

  public HttpHealthCheck(int port, HttpHealthChecker config, Duration timeout) {
    try {
      this.url = new URL("http", "localhost", port, config.endpoint());
    } catch (IOException e) {
      throw new IllegalArgumentException("bad health endpoint " + config.endpoint(), e);
    }
    this.config = config;
    this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
  }

  @Override
  public Result check() {
    String body;
    int code;
    try {
      HttpURLConnection connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      try {
        code = connection.getResponseCode();
        if (code >= 400) {
          body = "";
        } else {
          try (InputStream in = connection.getInputStream()) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
          }
        }
      } finally {
        connection.disconnect();
      }
    } catch (SocketTimeoutException e) {
      return Result.failed("Failed to signal " + url + ": Error within timeout");
    } catch (IOException e) {
      return Result.failed("Failed to signal " + url + ": " + e);
    }
    String response = body.strip().toLowerCase(Locale.ROOT);
    String expected = config.expectedResponse();
    if (!expected.isEmpty() && !response.equals(expected.toLowerCase(Locale.ROOT))) {
      return Result.failed("Response differs from expected response (expected \"" + shorten(expected)
          + "\", got \"" + shorten(response) + "\")");
    }
    int expectedCode = config.expectedResponseCode();
    if (expectedCode != 0 && code != expectedCode) {
      return Result.failed("Response code differs from expected response (expected " + expectedCode + ", got "
          + code + ")");
    }
    return Result.OK;
  }

  private static String shorten(String s) {
    return s.length() < REASON_LENGTH ? s : s.substring(0, REASON_LENGTH - 3) + "...";
  }
}
