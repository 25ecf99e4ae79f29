package dev.aurora.dsl.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Thermos planner's rules for one plan (the regular processes, or the final ones): order constraints turn
 * into "runs after" edges, and the plan must be acyclic with no dependency on daemon or (for non-ephemeral
 * processes) ephemeral processes.
 */
public final class ProcessPlan {

  /** A process as the planner sees it. */
  public record Member(String name, boolean daemon, boolean ephemeral) {}

  private ProcessPlan() {}

  /**
   * @return null when the plan is valid, else Aurora's message. A constraint naming only processes outside
   *     the plan is ignored; one naming some of them (or none at all) is invalid.
   */
  public static String problem(List<Member> members, List<List<String>> orders) {
    Map<String, Member> byName = new HashMap<>();
    members.forEach(m -> byName.put(m.name(), m));
    Map<String, Set<String>> predecessors = new HashMap<>();
    for (List<String> order : orders) {
      long inPlan = order.stream().filter(byName::containsKey).count();
      if (order.isEmpty() || (inPlan > 0 && inPlan < order.size())) {
        return "Invalid process dependencies!";
      }
      if (inPlan == 0) {
        continue;
      }
      for (int i = 1; i < order.size(); i++) {
        predecessors.computeIfAbsent(order.get(i), k -> new LinkedHashSet<>()).add(order.get(i - 1));
      }
    }
    if (hasCycle(byName.keySet(), predecessors)) {
      return "Cycles detected in the task schedule!";
    }
    for (Member member : members) {
      for (String before : predecessors.getOrDefault(member.name(), Set.of())) {
        Member dependency = byName.get(before);
        if (dependency.daemon()) {
          return "Process " + member.name() + " may not depend upon daemon process " + before;
        }
        if (dependency.ephemeral() && !member.ephemeral()) {
          return "Non-ephemeral process " + member.name() + " may not depend upon ephemeral process " + before;
        }
      }
    }
    return null;
  }

  private static boolean hasCycle(Set<String> names, Map<String, Set<String>> predecessors) {
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    for (String name : new ArrayList<>(names)) {
      if (visit(name, predecessors, done, onPath)) {
        return true;
      }
    }
    return false;
  }

  private static boolean visit(String name, Map<String, Set<String>> predecessors, Set<String> done,
                               Set<String> onPath) {
    if (done.contains(name)) {
      return false;
    }
    if (!onPath.add(name)) {
      return true;
    }
    for (String before : predecessors.getOrDefault(name, Set.of())) {
      if (visit(before, predecessors, done, onPath)) {
        return true;
      }
    }
    onPath.remove(name);
    done.add(name);
    return false;
  }
}
