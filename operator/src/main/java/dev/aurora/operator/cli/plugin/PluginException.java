package dev.aurora.operator.cli.plugin;

/** A command that cannot go on: its message is printed as it is, and the plugin exits 1. */
final class PluginException extends RuntimeException {
  PluginException(String message) {
    super(message);
  }
}
