package dev.aurora.backend;

import java.util.Objects;
import java.util.regex.Pattern;

/** An Aurora job key; each part must be a good identifier ({@code ^[\w\-.]+$}, AURORA.md §1.3). */
public record JobKey(String role, String environment, String name) {
  private static final Pattern GOOD_IDENTIFIER = Pattern.compile("^[\\w\\-.]+$");

  public JobKey {
    check("role", role);
    check("environment", environment);
    check("name", name);
  }

  private static void check(String field, String value) {
    Objects.requireNonNull(value, field);
    if (!GOOD_IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException("Invalid " + field + " '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return role + "/" + environment + "/" + name;
  }
}
