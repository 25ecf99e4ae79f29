package dev.aurora.executor.mesos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a Mesos agent gives a custom executor (MESOS.md A.6).
 *
 * @param agentEndpoint        {@code ip:port} of the agent ({@code MESOS_AGENT_ENDPOINT})
 * @param checkpoint           framework checkpointing: reconnect after a disconnection instead of exiting
 * @param recoveryTimeout      how long to keep retrying SUBSCRIBE while disconnected (checkpointing only)
 * @param subscriptionBackoffMax upper bound of the pause between SUBSCRIBE attempts
 * @param shutdownGracePeriod  time between SHUTDOWN and the agent destroying the container
 * @param authToken            bearer token for the agent, or null
 */
public record MesosEnvironment(String frameworkId, String executorId, String agentEndpoint, Path sandbox,
    boolean checkpoint, Duration recoveryTimeout, Duration subscriptionBackoffMax, Duration shutdownGracePeriod,
    String authToken) {

  private static final Pattern DURATION = Pattern.compile("([0-9]*\\.?[0-9]+)\\s*(ns|us|ms|secs|mins|hrs|days|weeks)");

  public static MesosEnvironment from(Map<String, String> env) {
    String sandbox = env.getOrDefault("MESOS_SANDBOX", env.get("MESOS_DIRECTORY"));
    return new MesosEnvironment(
        required(env, "MESOS_FRAMEWORK_ID"),
        required(env, "MESOS_EXECUTOR_ID"),
        required(env, "MESOS_AGENT_ENDPOINT"),
        Path.of(sandbox != null ? sandbox : ".").toAbsolutePath(),
        "1".equals(env.get("MESOS_CHECKPOINT")),
        duration(env, "MESOS_RECOVERY_TIMEOUT", Duration.ofMinutes(15)),
        duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", Duration.ofSeconds(2)),
        duration(env, "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", Duration.ofSeconds(5)),
        env.get("MESOS_EXECUTOR_AUTHENTICATION_TOKEN"));
  }

  /** Parses a stout Duration such as {@code 5secs}, {@code 1.5secs}, {@code 15mins}, {@code 100ms}. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Mesos duration: " + text);
    }
    double n = Double.parseDouble(m.group(1));
    double nanosPerUnit = switch (m.group(2)) {
      case "ns" -> 1;
      case "us" -> 1e3;
      case "ms" -> 1e6;
      case "secs" -> 1e9;
      case "mins" -> 60e9;
      case "hrs" -> 3600e9;
      case "days" -> 86400e9;
      default -> 7 * 86400e9;
    };
    return Duration.ofNanos((long) (n * nanosPerUnit));
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + "=" + value + ": " + e.getMessage());
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set; the executor mode must be started by a Mesos agent");
    }
    return value;
  }
}
