package dev.aurora.operator.cli;

import dev.aurora.crd.v1alpha1.AuroraJob;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes an AuroraJob manifest by hand, so that the source and included files appear as YAML literal blocks that a
 * reviewer can read in a diff, byte for byte the text of the {@code .aurora} file. Text a literal block cannot hold
 * exactly (carriage returns, other control characters, YAML 1.1 line breaks) is written as a double-quoted string.
 */
final class ManifestYaml {
  private static final Pattern PLAIN = Pattern.compile("^[A-Za-z_][A-Za-z0-9_./-]*$");
  private static final Pattern YAML_WORDS =
      Pattern.compile("^(?i:y|n|yes|no|on|off|true|false|null)$");

  private ManifestYaml() {}

  /** One AuroraJob document; {@code origin} becomes a leading comment saying where it came from. */
  static String render(String origin, String name, String namespace, String jobKey, String source,
                       Map<String, String> files) {
    StringBuilder out = new StringBuilder();
    out.append("# Converted by `aurora-operator convert` from ").append(comment(origin)).append('\n');
    out.append("apiVersion: ").append(AuroraJob.GROUP).append('/').append(AuroraJob.VERSION).append('\n');
    out.append("kind: AuroraJob\n");
    out.append("metadata:\n");
    out.append("  name: ").append(scalar(name)).append('\n');
    out.append("  namespace: ").append(scalar(namespace)).append('\n');
    out.append("spec:\n");
    out.append("  job: ").append(scalar(jobKey)).append('\n');
    out.append("  source: ").append(text(source, 4));
    if (!files.isEmpty()) {
      out.append("  files:\n");
      files.forEach((file, content) ->
          out.append("    ").append(scalar(file)).append(": ").append(text(content, 6)));
    }
    return out.toString();
  }

  /** A short string as a plain scalar when that cannot be read as anything else, otherwise double-quoted. */
  static String scalar(String value) {
    if (PLAIN.matcher(value).matches() && !YAML_WORDS.matcher(value).matches()) {
      return value;
    }
    return quoted(value);
  }

  /**
   * Text after {@code key: }, ending with a line break: a literal block indented by {@code indent} spaces, with the
   * chomping indicator that keeps the trailing line breaks exactly and an explicit indentation indicator when the
   * text itself starts with white space or an empty line.
   */
  static String text(String value, int indent) {
    if (value.isEmpty() || !literalSafe(value)) {
      return quoted(value) + "\n";
    }
    int trailing = 0;
    while (trailing < value.length() && value.charAt(value.length() - 1 - trailing) == '\n') {
      trailing++;
    }
    if (trailing == value.length()) {
      // Only line breaks: a block without content keeps them only with "keep" chomping; quoting is plainer.
      return quoted(value) + "\n";
    }
    StringBuilder out = new StringBuilder("|");
    char first = value.charAt(0);
    if (first == ' ' || first == '\t' || first == '\n') {
      out.append(2);
    }
    out.append(trailing == 0 ? "-" : trailing == 1 ? "" : "+").append('\n');
    // The text is one line per '\n'; the part after the last '\n' is a final line without a break (or nothing).
    String body = value.substring(0, value.length() - trailing);
    String pad = " ".repeat(indent);
    for (String line : body.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append(pad).append(line);
      }
      out.append('\n');
    }
    for (int i = 1; i < trailing; i++) {
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Whether a literal block reproduces the text: only tab, line feed and printable characters, none that a YAML 1.1
   * reader (kubectl's) takes for a line break, no byte order mark.
   */
  static boolean literalSafe(String value) {
    return value.codePoints().allMatch(ManifestYaml::printable);
  }

  /** YAML's printable set, less the byte order mark and what YAML 1.1 counts as a line break (NEL, LS, PS). */
  private static boolean printable(int c) {
    if (c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
      return false;
    }
    return c == '\t' || c == '\n' || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
  }

  /** A double-quoted scalar; everything but printable characters is escaped, so no reader can mistake it. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (printable(c)) {
            out.appendCodePoint(c);
          } else {
            out.append(String.format("\\u%04X", c));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String comment(String text) {
    return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u0085]", "?");
  }
}
