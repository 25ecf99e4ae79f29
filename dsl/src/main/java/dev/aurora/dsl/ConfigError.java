package dev.aurora.dsl;

/**
 * Why a configuration was refused: the file, the line (0 when the problem is not tied to a line, e.g. a value
 * that only fails after templating), the field path inside the job (empty when not tied to a field) and one
 * readable paragraph of explanation.
 */
public record ConfigError(String file, int line, String fieldPath, String message) {

  public ConfigError {
    file = file == null ? "" : file;
    fieldPath = fieldPath == null ? "" : fieldPath;
    message = message == null ? "" : message;
  }

  public static ConfigError of(String file, String message) {
    return new ConfigError(file, 0, "", message);
  }

  /** {@code file, line N: field.path: message} with the parts that are known. */
  public String render() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(", line ").append(line);
    }
    out.append(": ");
    if (!fieldPath.isEmpty()) {
      out.append(fieldPath).append(": ");
    }
    return out.append(message).toString();
  }
}
