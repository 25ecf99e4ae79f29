package dev.aurora.executor.supervisor;

import dev.aurora.executor.task.HttpLifecycleConfig;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Aurora's HTTP lifecycle (AURORA.md §6.6 step 1): POST the graceful endpoint, and if anything answered, give the
 * task {@code graceful_shutdown_wait_secs} to end; then the same with the shutdown endpoint. Only then do signals
 * follow. A refused connection skips that endpoint's wait.
 */
final class GracefulShutdown {
  private final int port;
  private final HttpLifecycleConfig config;
  private final int timeoutMillis;

  GracefulShutdown(int port, HttpLifecycleConfig config) {
    this.port = port;
    this.config = config;
    String override = System.getenv("AURORA_HTTP_SIGNALER_TIMEOUT_SECS");
    this.timeoutMillis = override == null ? 1000 : (int) (Double.parseDouble(override) * 1000);
  }

  /**
   * Runs both steps; {@code taskEnded} waits up to the given time and says whether the task is over, in which case
   * the remaining steps are skipped.
   */
  void run(Predicate<Duration> taskEnded) {
    if (post(config.gracefulShutdownEndpoint())
        && taskEnded.test(Duration.ofSeconds(config.gracefulShutdownWaitSecs()))) {
      return;
    }
    if (post(config.shutdownEndpoint())) {
      taskEnded.test(Duration.ofSeconds(config.shutdownWaitSecs()));
    }
  }

  /** True when any HTTP response came back, whatever its status. */
  private boolean post(String endpoint) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL("http", "localhost", port, endpoint)
          .openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(0);
      try {
        connection.getOutputStream().close();
        connection.getResponseCode();
        return true;
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }
}
