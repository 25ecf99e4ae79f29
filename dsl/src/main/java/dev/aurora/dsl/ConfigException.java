package dev.aurora.dsl;

/** Carries a {@link ConfigError} through the evaluation; never escapes {@link AuroraConfigEvaluator}. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ConfigError error;

  public ConfigException(ConfigError error) {
    super(error.render());
    this.error = error;
  }

  public ConfigException(String file, String fieldPath, String message) {
    this(new ConfigError(file, 0, fieldPath, message));
  }

  public ConfigError error() {
    return error;
  }
}
