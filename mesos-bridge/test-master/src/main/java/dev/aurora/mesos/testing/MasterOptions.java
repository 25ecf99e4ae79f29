package dev.aurora.mesos.testing;

import java.time.Duration;
import java.util.Map;

/**
 * Knobs of the in-test master. Real Mesos values are the defaults where a test can afford them; tests shorten the
 * heartbeat and the status-update retry (10 s in Mesos) to keep runs fast.
 */
public record MasterOptions(Duration heartbeat, Duration statusUpdateRetry, Duration allocationInterval,
                            Duration executorShutdownGrace, Map<String, String> credentials) {
  public MasterOptions {
    credentials = Map.copyOf(credentials);
  }

  public static MasterOptions forTests() {
    return new MasterOptions(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(50),
        Duration.ofMillis(500), Map.of());
  }

  public MasterOptions withHeartbeat(Duration d) {
    return new MasterOptions(d, statusUpdateRetry, allocationInterval, executorShutdownGrace, credentials);
  }

  public MasterOptions withStatusUpdateRetry(Duration d) {
    return new MasterOptions(heartbeat, d, allocationInterval, executorShutdownGrace, credentials);
  }

  /** Require HTTP basic authentication with these principal → secret pairs. */
  public MasterOptions withCredentials(Map<String, String> principalToSecret) {
    return new MasterOptions(heartbeat, statusUpdateRetry, allocationInterval, executorShutdownGrace,
        principalToSecret);
  }
}
