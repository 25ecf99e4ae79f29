package dev.aurora.executor;

import dev.aurora.executor.task.LoggerConfig;
import dev.aurora.executor.task.RotatePolicy;
import java.time.Duration;
import java.util.List;

/**
 * Executor-wide knobs, the equivalents of Thermos executor flags. Defaults are Aurora's.
 *
 * @param killWait            the hard teardown budget of a kill (Thermos' fixed 60 s preemption wait)
 * @param diskCheckInterval   how often the sandbox's disk usage is measured against {@code resources.disk}
 * @param defaultLogger       logger for processes without their own ({@code --runner-logger-*} flags)
 * @param ackWait             how long the Mesos executor waits for its last updates to be acknowledged before exiting
 */
public record ExecutorSettings(Duration killWait, Duration diskCheckInterval, LoggerConfig defaultLogger,
    Duration ackWait) {

  public static final ExecutorSettings DEFAULTS = new ExecutorSettings(Duration.ofSeconds(60),
      Duration.ofSeconds(60), LoggerConfig.DEFAULT, Duration.ofSeconds(30));

  /** Flags shared by {@code run-task} and {@code executor}; returns the settings and leaves other args alone. */
  public static ExecutorSettings parse(List<String> args) {
    ExecutorSettings s = DEFAULTS;
    String destination = null;
    String mode = null;
    Long size = null;
    Integer backups = null;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      switch (flag) {
        case "--kill-wait-secs" -> s = new ExecutorSettings(secs(flag, args, ++i), s.diskCheckInterval,
            s.defaultLogger, s.ackWait);
        case "--disk-check-interval-secs" -> s = new ExecutorSettings(s.killWait, secs(flag, args, ++i),
            s.defaultLogger, s.ackWait);
        case "--ack-wait-secs" -> s = new ExecutorSettings(s.killWait, s.diskCheckInterval, s.defaultLogger,
            secs(flag, args, ++i));
        case "--runner-logger-destination" -> destination = value(flag, args, ++i);
        case "--runner-logger-mode" -> mode = value(flag, args, ++i);
        case "--runner-rotate-log-size-mb" -> size = Long.parseLong(value(flag, args, ++i)) * 1024 * 1024;
        case "--runner-rotate-log-backups" -> backups = Integer.parseInt(value(flag, args, ++i));
        default -> { }
      }
    }
    if (destination != null || mode != null || size != null || backups != null) {
      s = new ExecutorSettings(s.killWait, s.diskCheckInterval,
          new LoggerConfig(destination, mode, new RotatePolicy(size, backups)), s.ackWait);
    }
    return s;
  }

  /** Flags understood by {@link #parse}, each taking one value. */
  public static boolean isSettingsFlag(String flag) {
    return switch (flag) {
      case "--kill-wait-secs", "--disk-check-interval-secs", "--ack-wait-secs", "--runner-logger-destination",
          "--runner-logger-mode", "--runner-rotate-log-size-mb", "--runner-rotate-log-backups" -> true;
      default -> false;
    };
  }

  private static Duration secs(String flag, List<String> args, int i) {
    double secs = Double.parseDouble(value(flag, args, i));
    return Duration.ofNanos((long) (secs * 1e9));
  }

  private static String value(String flag, List<String> args, int i) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }
}
