package dev.aurora.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One entry of an Aurora job's {@code constraints} map (AURORA.md §7.6). The attribute {@code host} means the agent's
 * hostname. Hosts lacking an attribute have an empty value set.
 */
public sealed interface PlacementConstraint {
  /** The attribute name the default spreading constraint uses. */
  String HOST = "host";

  String attribute();

  /** {@code attr: 'a,b'} or {@code attr: '!a,b'}: satisfied iff (any host value in values) XOR negated. */
  record ValueConstraint(String attribute, boolean negated, Set<String> values) implements PlacementConstraint {
    public ValueConstraint {
      Objects.requireNonNull(attribute, "attribute");
      values = Set.copyOf(values);
    }

    public boolean satisfiedBy(Set<String> hostValues) {
      boolean any = hostValues.stream().anyMatch(values::contains);
      return any ^ negated;
    }
  }

  /** {@code attr: 'limit:N'}: at most N active tasks of the job per distinct value of the attribute. */
  record LimitConstraint(String attribute, int limit) implements PlacementConstraint {
    public LimitConstraint {
      Objects.requireNonNull(attribute, "attribute");
      if (limit < 1) {
        throw new IllegalArgumentException("limit constraint on '" + attribute + "' must be >= 1, got " + limit);
      }
    }
  }

  /**
   * Parses an Aurora {@code constraints} map. Like Aurora's scheduler, a job without a {@code host} constraint and
   * without a {@code dedicated} constraint gets {@code host: limit:1}, which spreads its instances across hosts.
   */
  static List<PlacementConstraint> parse(Map<String, String> constraints) {
    List<PlacementConstraint> parsed = new ArrayList<>();
    constraints.forEach((attribute, spec) -> parsed.add(parseOne(attribute, spec)));
    if (!constraints.containsKey(HOST) && !constraints.containsKey("dedicated")) {
      parsed.add(new LimitConstraint(HOST, 1));
    }
    return List.copyOf(parsed);
  }

  private static PlacementConstraint parseOne(String attribute, String spec) {
    if (spec.startsWith("limit:")) {
      String n = spec.substring("limit:".length());
      try {
        return new LimitConstraint(attribute, Integer.parseInt(n));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("constraint '" + attribute + "': limit must be an integer, got '" + n + "'");
      }
    }
    boolean negated = spec.startsWith("!");
    String list = negated ? spec.substring(1) : spec;
    Set<String> values = Arrays.stream(list.split(",")).map(String::trim).filter(v -> !v.isEmpty())
        .collect(Collectors.toSet());
    if (values.isEmpty()) {
      throw new IllegalArgumentException("constraint '" + attribute + "' has no values: '" + spec + "'");
    }
    return new ValueConstraint(attribute, negated, values);
  }
}
