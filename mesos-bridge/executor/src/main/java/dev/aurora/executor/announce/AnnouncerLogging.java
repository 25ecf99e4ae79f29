package dev.aurora.executor.announce;

/**
 * ZooKeeper's client logs through SLF4J; the executor ships SLF4J's simple logger for it. At its default level the
 * client prints a dozen environment lines per session, so unless the operator asked otherwise only warnings (lost
 * connections, expired sessions) reach the executor's stderr. Must run before the first ZooKeeper class loads.
 */
final class AnnouncerLogging {
  private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private AnnouncerLogging() {}

  static void warningsOnly() {
    if (System.getProperty(LEVEL) == null) {
      System.setProperty(LEVEL, "warn");
    }
  }
}
