package dev.aurora.operator.cli.plugin;

/** The command line is wrong: the message and the verb's usage are printed, and the plugin exits 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
