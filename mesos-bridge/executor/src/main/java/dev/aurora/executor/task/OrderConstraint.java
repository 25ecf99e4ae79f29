package dev.aurora.executor.task;

import java.util.List;

/** Thermos {@code Constraint}: the listed processes run one after the other. */
public record OrderConstraint(List<String> order) {
  public OrderConstraint {
    order = order == null ? List.of() : List.copyOf(order);
  }
}
