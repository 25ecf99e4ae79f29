package dev.aurora.mesos;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Aurora's preemptor (AURORA.md §7.5) as a pure search: for pending tasks that found no offer for the preemption
 * delay, an agent where what is unused plus what some running tasks hold covers the task and where its constraints
 * hold, and the tasks to preempt there. No I/O; the framework kills what it returns.
 *
 * <p>A pending task may preempt a victim iff the pending task is not preemptible (production) and the victim is, or
 * both have the same preemptible flag, the same role, and the pending task's priority is higher. On one agent the
 * victims are taken largest first (Aurora's order; ties go to the lowest priority) until the task fits. Across agents
 * the proposal with the fewest victims wins, then the one whose highest victim priority is lowest. An agent serves at
 * most one pending task per search, so two tasks never count on the same freed resources.
 */
final class Preemptor {
  /** A running task that might be preempted, on its agent. */
  record Victim(String taskId, String agentId, LaunchRequest request) {
  }

  /** An agent as last offered: its attributes and what was left unused there. */
  record Agent(String agentId, String hostname, Map<String, Set<String>> attributes, ResourceBag unused) {
  }

  /** Kill {@code victims} on {@code agent} so that {@code pending} fits there. */
  record Proposal(LaunchRequest pending, Agent agent, List<Victim> victims) {
  }

  private final ExecutorSettings executor;

  Preemptor(ExecutorSettings executor) {
    this.executor = executor;
  }

  /** Aurora's rule of who may preempt whom. */
  static boolean mayPreempt(LaunchRequest pending, LaunchRequest victim) {
    TaskConfig p = pending.config();
    TaskConfig v = victim.config();
    if (!p.preemptible() && v.preemptible()) {
      return true;
    }
    return p.preemptible() == v.preemptible() && pending.job().role().equals(victim.job().role())
        && p.priority() > v.priority();
  }

  /**
   * The pending tasks that may preempt: those pending (since the nano time {@code since} holds for them) for at least
   * the delay, as Aurora let a task preempt only after {@code -preemption_delay} without a place.
   */
  static List<LaunchRequest> idle(Collection<LaunchRequest> pending, Map<String, Long> since, long nowNanos,
                                  java.time.Duration delay) {
    List<LaunchRequest> idle = new ArrayList<>();
    for (LaunchRequest r : pending) {
      Long from = since.get(r.taskId());
      if (from != null && nowNanos - from >= delay.toNanos()) {
        idle.add(r);
      }
    }
    return idle;
  }

  /**
   * One proposal per pending task that can get a slot, in the order given (the caller passes the tasks pending for at
   * least the delay, oldest first). A task that already fits somewhere without preempting gets none: an offer will
   * place it.
   */
  List<Proposal> search(List<LaunchRequest> pending, Collection<Agent> agents, Collection<Victim> running,
                        JobSpread spread) {
    Map<String, List<Victim>> byAgent = new LinkedHashMap<>();
    for (Victim v : running) {
      byAgent.computeIfAbsent(v.agentId(), k -> new ArrayList<>()).add(v);
    }
    // Who may be preempted, and in which order, depends only on the pending task's role, flag and priority: tasks
    // alike share one sorted candidate list per agent. A task like one that found no slot finds none either (the
    // agents only get fewer), as Aurora dropped a task group that found no slot from the rest of the search.
    Map<List<Object>, Map<String, List<Victim>>> candidatesByClass = new HashMap<>();
    Set<List<Object>> noSlot = new HashSet<>();
    Set<String> taken = new HashSet<>();
    List<Proposal> proposals = new ArrayList<>();
    for (LaunchRequest task : pending) {
      List<Object> group = List.of(task.job(), task.resources(), task.constraints(), task.config());
      if (noSlot.contains(group)) {
        continue;
      }
      Map<String, List<Victim>> candidates = candidatesByClass.computeIfAbsent(List.of(task.job().role(),
          task.config().preemptible(), task.config().priority()), k -> new HashMap<>());
      Proposal best = null;
      boolean fitsAlready = false;
      for (Agent agent : agents) {
        if (taken.contains(agent.agentId())) {
          continue;
        }
        List<Victim> sorted = candidates.computeIfAbsent(agent.agentId(),
            id -> candidates(task, byAgent.getOrDefault(id, List.of())));
        Optional<List<Victim>> victims = take(task, agent, sorted, spread);
        if (victims.isEmpty()) {
          continue;
        }
        if (victims.get().isEmpty()) {
          fitsAlready = true;
          break;
        }
        Proposal candidate = new Proposal(task, agent, victims.get());
        if (best == null || BETTER.compare(candidate, best) < 0) {
          best = candidate;
        }
      }
      if (fitsAlready) {
        continue;
      }
      if (best == null) {
        noSlot.add(group);
      } else {
        proposals.add(best);
        taken.add(best.agent().agentId());
      }
    }
    return proposals;
  }

  /** Fewer victims first, then the lower highest victim priority. */
  private static final Comparator<Proposal> BETTER = Comparator.<Proposal>comparingInt(p -> p.victims().size())
      .thenComparingInt(p -> p.victims().stream().mapToInt(v -> v.request().config().priority()).max().orElse(0));

  /**
   * The victims on {@code agent} whose preemption makes room for {@code pending}: empty when none would, an empty
   * list when the task fits there already.
   */
  Optional<List<Victim>> victimsOn(LaunchRequest pending, Agent agent, Collection<Victim> running, JobSpread spread) {
    return take(pending, agent, candidates(pending, running), spread);
  }

  /** The tasks {@code pending} may preempt, largest first, ties to the lowest priority. */
  private List<Victim> candidates(LaunchRequest pending, Collection<Victim> running) {
    return running.stream().filter(v -> mayPreempt(pending, v.request()))
        .sorted(Comparator.comparing((Victim v) -> freed(v), ResourceBag.LARGEST_FIRST)
            .thenComparingInt(v -> v.request().config().priority()).thenComparing(Victim::taskId))
        .toList();
  }

  /** Takes candidates in order until the task fits on the agent (see {@link #victimsOn}). */
  private Optional<List<Victim>> take(LaunchRequest pending, Agent agent, List<Victim> candidates,
                                      JobSpread spread) {
    if (pending.config().revocable()) {
      // Aurora counted no revocable CPUs as freed, and a revocable task takes only those: it never found a slot.
      return Optional.empty();
    }
    if (!OfferMatcher.satisfies(pending, agent.attributes(), spread)) {
      return Optional.empty();
    }
    ResourceBag need = ResourceBag.of(pending.resources(), executor);
    ResourceBag total = agent.unused();
    if (total.covers(need)) {
      return Optional.of(List.of());
    }
    for (int i = 0; i < candidates.size(); i++) {
      total = total.plus(freed(candidates.get(i)));
      if (total.covers(need)) {
        return Optional.of(List.copyOf(candidates.subList(0, i + 1)));
      }
    }
    return Optional.empty();
  }

  private ResourceBag freed(Victim v) {
    ResourceBag bag = ResourceBag.of(v.request().resources(), executor);
    return v.request().config().revocable() ? bag.withoutCpus() : bag;
  }
}
