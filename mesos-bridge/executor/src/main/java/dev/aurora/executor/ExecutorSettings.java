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
 * @param announcer           where tasks with {@code announce} register ({@code --announcer-*} flags)
 * @param setuid              run processes as the role's user when the executor is root (off: {@code --nosetuid})
 * @param setuidHealthChecks  run shell health checks as that user too (off: {@code --nosetuid-health-checks})
 */
public record ExecutorSettings(Duration killWait, Duration diskCheckInterval, LoggerConfig defaultLogger,
    Duration ackWait, AnnouncerSettings announcer, boolean setuid, boolean setuidHealthChecks) {

  public static final ExecutorSettings DEFAULTS = new ExecutorSettings(Duration.ofSeconds(60),
      Duration.ofSeconds(60), LoggerConfig.DEFAULT, Duration.ofSeconds(30), AnnouncerSettings.NONE, true, true);

  /** The settings before the announcer and setuid flags existed; both keep Aurora's defaults. */
  public ExecutorSettings(Duration killWait, Duration diskCheckInterval, LoggerConfig defaultLogger,
      Duration ackWait) {
    this(killWait, diskCheckInterval, defaultLogger, ackWait, AnnouncerSettings.NONE, true, true);
  }

  /**
   * Aurora's {@code --announcer-*} flags.
   *
   * @param ensemble          ZooKeeper connect string; null: this executor cannot announce
   * @param serversetPath     root of {@code <root>/<role>/<environment>/<name>}
   * @param allowCustomPath   whether {@code announce.zk_path} may replace that path
   * @param hostname          the host announced instead of the agent's host name, if set
   */
  public record AnnouncerSettings(String ensemble, String serversetPath, boolean allowCustomPath, String hostname) {
    public static final AnnouncerSettings NONE = new AnnouncerSettings(null, "/aurora", false, null);
  }

  public ExecutorSettings withAnnouncer(AnnouncerSettings a) {
    return new ExecutorSettings(killWait, diskCheckInterval, defaultLogger, ackWait, a, setuid, setuidHealthChecks);
  }

  public ExecutorSettings withSetuid(boolean processes, boolean healthChecks) {
    return new ExecutorSettings(killWait, diskCheckInterval, defaultLogger, ackWait, announcer, processes,
        healthChecks);
  }

  /** Flags shared by {@code run-task} and {@code executor}; returns the settings and leaves other args alone. */
  public static ExecutorSettings parse(List<String> args) {
    Duration killWait = DEFAULTS.killWait;
    Duration diskCheckInterval = DEFAULTS.diskCheckInterval;
    Duration ackWait = DEFAULTS.ackWait;
    AnnouncerSettings a = AnnouncerSettings.NONE;
    boolean setuid = true;
    boolean setuidHealthChecks = true;
    String destination = null;
    String mode = null;
    Long size = null;
    Integer backups = null;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      switch (flag) {
        case "--kill-wait-secs" -> killWait = secs(flag, args, ++i);
        case "--disk-check-interval-secs" -> diskCheckInterval = secs(flag, args, ++i);
        case "--ack-wait-secs" -> ackWait = secs(flag, args, ++i);
        case "--runner-logger-destination" -> destination = value(flag, args, ++i);
        case "--runner-logger-mode" -> mode = value(flag, args, ++i);
        case "--runner-rotate-log-size-mb" -> size = Long.parseLong(value(flag, args, ++i)) * 1024 * 1024;
        case "--runner-rotate-log-backups" -> backups = Integer.parseInt(value(flag, args, ++i));
        case "--announcer-ensemble" -> a = new AnnouncerSettings(nonBlank(flag, args, ++i), a.serversetPath(),
            a.allowCustomPath(), a.hostname());
        case "--announcer-serverset-path" -> a = new AnnouncerSettings(a.ensemble(), serversetRoot(args, ++i),
            a.allowCustomPath(), a.hostname());
        case "--announcer-hostname" -> a = new AnnouncerSettings(a.ensemble(), a.serversetPath(),
            a.allowCustomPath(), nonBlank(flag, args, ++i));
        case "--announcer-allow-custom-serverset-path" -> a = new AnnouncerSettings(a.ensemble(), a.serversetPath(),
            true, a.hostname());
        case "--nosetuid" -> setuid = false;
        case "--nosetuid-health-checks" -> setuidHealthChecks = false;
        default -> { }
      }
    }
    LoggerConfig logger = destination != null || mode != null || size != null || backups != null
        ? new LoggerConfig(destination, mode, new RotatePolicy(size, backups)) : DEFAULTS.defaultLogger;
    return new ExecutorSettings(killWait, diskCheckInterval, logger, ackWait, a, setuid, setuidHealthChecks);
  }

  /** How many values a flag understood by {@link #parse} takes (0 or 1), or -1 for any other argument. */
  public static int settingsFlagArity(String flag) {
    return switch (flag) {
      case "--kill-wait-secs", "--disk-check-interval-secs", "--ack-wait-secs", "--runner-logger-destination",
          "--runner-logger-mode", "--runner-rotate-log-size-mb", "--runner-rotate-log-backups",
          "--announcer-ensemble", "--announcer-serverset-path", "--announcer-hostname" -> 1;
      case "--announcer-allow-custom-serverset-path", "--nosetuid", "--nosetuid-health-checks" -> 0;
      default -> -1;
    };
  }

  private static String serversetRoot(List<String> args, int i) {
    String root = value("--announcer-serverset-path", args, i);
    if (!root.startsWith("/")) {
      throw new IllegalArgumentException("--announcer-serverset-path must be an absolute ZooKeeper path, not '"
          + root + "'");
    }
    return root;
  }

  private static Duration secs(String flag, List<String> args, int i) {
    double secs = Double.parseDouble(value(flag, args, i));
    return Duration.ofNanos((long) (secs * 1e9));
  }

  private static String nonBlank(String flag, List<String> args, int i) {
    String v = value(flag, args, i);
    if (v.isBlank()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return v;
  }

  private static String value(String flag, List<String> args, int i) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }
}
