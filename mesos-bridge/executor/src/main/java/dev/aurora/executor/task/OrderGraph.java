package dev.aurora.executor.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "must finish before" relation of a task's processes, built from its {@code order} constraints the way
 * Thermos' planner reads them: consecutive names form edges; a constraint naming only unknown processes is
 * ignored.
 */
public final class OrderGraph {
  private final Map<String, Set<String>> predecessors = new HashMap<>();

  private OrderGraph() {}

  public static OrderGraph of(TaskConfig task) {
    OrderGraph graph = new OrderGraph();
    Set<String> known = new LinkedHashSet<>();
    task.processes().forEach(p -> known.add(p.name()));
    for (OrderConstraint constraint : task.constraints()) {
      List<String> order = constraint.order();
      if (order.stream().noneMatch(known::contains)) {
        continue;
      }
      for (int i = 1; i < order.size(); i++) {
        graph.predecessors.computeIfAbsent(order.get(i), k -> new LinkedHashSet<>()).add(order.get(i - 1));
      }
    }
    return graph;
  }

  /** Processes that must have finished before {@code process} may start. */
  public Set<String> predecessorsOf(String process) {
    return predecessors.getOrDefault(process, Set.of());
  }

  /** A process name that lies on a cycle, or null when the relation is acyclic. */
  String findCycle() {
    Map<String, Integer> state = new HashMap<>();
    for (String node : new ArrayList<>(predecessors.keySet())) {
      String found = visit(node, state);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private String visit(String node, Map<String, Integer> state) {
    Integer s = state.get(node);
    if (s != null) {
      return s == 1 ? node : null;
    }
    state.put(node, 1);
    for (String pred : predecessorsOf(node)) {
      String found = visit(pred, state);
      if (found != null) {
        return found;
      }
    }
    state.put(node, 2);
    return null;
  }
}
