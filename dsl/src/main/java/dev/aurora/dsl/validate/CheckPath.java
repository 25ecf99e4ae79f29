package dev.aurora.dsl.validate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Pystachio type-check message ({@code MesosJob[task] failed: Task[resources] failed: Resources[cpu]
 * failed: ...}) into the field path it describes ({@code task.resources.cpu}). List elements show as {@code []}
 * because the message does not say which element failed.
 */
public final class CheckPath {
  private static final Pattern STRUCT_FIELD = Pattern.compile("^\\w+\\[(\\w+)\\] (?:failed: |is required\\.)");
  private static final Pattern LIST_ELEMENT = Pattern.compile("^Element in \\w+ failed check: ");
  private static final Pattern MAP_VALUE = Pattern.compile("^\\w+\\[([^\\]]*)\\] value .*? failed check: ");

  private CheckPath() {}

  public static String of(String message) {
    String rest = message.startsWith("TypeCheck(FAILED): ") ? message.substring(19) : message;
    StringBuilder path = new StringBuilder();
    while (true) {
      Matcher m = STRUCT_FIELD.matcher(rest);
      if (m.find()) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(m.group(1));
        rest = rest.substring(m.end());
        continue;
      }
      m = LIST_ELEMENT.matcher(rest);
      if (m.find()) {
        path.append("[]");
        rest = rest.substring(m.end());
        continue;
      }
      m = MAP_VALUE.matcher(rest);
      if (m.find()) {
        path.append('[').append(m.group(1)).append(']');
        rest = rest.substring(m.end());
        continue;
      }
      return path.toString();
    }
  }
}
