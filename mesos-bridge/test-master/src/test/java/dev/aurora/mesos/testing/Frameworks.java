package dev.aurora.mesos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.mesos.ExecutorSettings;
import dev.aurora.mesos.FrameworkConfig;
import java.time.Duration;

/** Framework settings and jobs for tests against the in-test master: fast back-off, short timers. */
final class Frameworks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Frameworks() {
  }

  static FrameworkConfig.Builder fast(ExecutorSettings executor) {
    return FrameworkConfig.builder(executor).user("tester").backoff(Duration.ofMillis(50), Duration.ofMillis(400))
        .heartbeatMisses(3).reconcile(Duration.ofSeconds(2), Duration.ofMillis(300))
        .killEscalation(Duration.ofSeconds(1)).declineRefuseSeconds(0.2);
  }

  static FrameworkConfig fast() {
    return fast(installedExecutor()).build();
  }

  /**
   * The simulated agents never run this command (scripted executors run nothing; real ones start the executor's
   * Main themselves), so any path will do.
   */
  static ExecutorSettings installedExecutor() {
    return ExecutorSettings.installed("/opt/aurora/aurora-executor.jar");
  }

  /** A minimal Aurora job JSON with the given name; {@code extra} is spliced into the top-level object. */
  static JsonNode job(String name, String extra) {
    try {
      return JSON.readTree("{\"role\":\"www-data\",\"environment\":\"test\",\"name\":\"" + name + "\","
          + "\"task\":{\"name\":\"t\",\"resources\":{\"cpu\":0.1,\"ram\":16777216,\"disk\":16777216},"
          + "\"processes\":[{\"name\":\"p\",\"cmdline\":\"echo {{mesos.instance}} {{thermos.ports[http]}}\"}]}"
          + (extra.isEmpty() ? "" : "," + extra) + "}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static LaunchRequest instance(String job, int instance) {
    return LaunchRequest.forInstance(job(job, ""), instance);
  }
}
