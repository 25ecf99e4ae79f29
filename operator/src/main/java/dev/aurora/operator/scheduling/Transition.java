package dev.aurora.operator.scheduling;

import java.util.List;

/** The next record and the actions it leads to. */
public record Transition(JobRecord record, List<Action> actions) {
  public Transition {
    actions = List.copyOf(actions);
  }
}
