package dev.aurora.dsl.loader;

import java.util.regex.Pattern;

/**
 * {@code cluster/role/environment/name}. A selector parsed from the command line always has all four parts;
 * keys printed for candidates may lack an environment (Aurora showed it as {@code {MISSING}}).
 */
public record JobKey(String cluster, String role, String environment, String name) {

  /** Aurora's GOOD_IDENTIFIER_PATTERN for role, environment and name. */
  public static final Pattern GOOD_IDENTIFIER = Pattern.compile("^[\\w\\-.]+$");
  static final String MISSING = "{MISSING}";

  public static JobKey parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "Job key '" + path + "' must have exactly four parts: cluster/role/environment/name");
    }
    String[] labels = {"cluster", "role", "environment", "name"};
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty() || (i > 0 && !GOOD_IDENTIFIER.matcher(parts[i]).matches())) {
        throw new IllegalArgumentException("Job key '" + path + "' has an invalid " + labels[i] + " '" + parts[i] + "'");
      }
    }
    return new JobKey(parts[0], parts[1], parts[2], parts[3]);
  }

  @Override
  public String toString() {
    return part(cluster) + "/" + part(role) + "/" + (environment == null ? MISSING : environment) + "/" + part(name);
  }

  private static String part(String value) {
    return value == null ? "*" : value;
  }
}
