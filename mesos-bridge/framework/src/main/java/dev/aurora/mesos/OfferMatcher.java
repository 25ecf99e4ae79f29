package dev.aurora.mesos;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.PlacementConstraint.LimitConstraint;
import dev.aurora.backend.PlacementConstraint.ValueConstraint;
import dev.aurora.backend.TaskResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Assigns pending tasks to offers, first come first served: each task goes to the first offer (scanning from a
 * rotating start so load spreads) that has room for the task plus its executor and satisfies its constraints.
 * Several tasks may share one offer. Pure bookkeeping, no I/O.
 */
final class OfferMatcher {
  /** One task placed into one offer with the ports it got. */
  record Assignment(LaunchRequest request, HostOffer offer, Map<String, Integer> ports) {
  }

  private final ExecutorSettings executor;
  private int cursor;

  OfferMatcher(ExecutorSettings executor) {
    this.executor = executor;
  }

  /** Matches in order; {@code spread} is updated for every assignment so later tasks of the same job see it. */
  List<Assignment> match(List<HostOffer> offers, Collection<LaunchRequest> pending, JobSpread spread) {
    return match(offers, pending, spread, (request, offer) -> true);
  }

  /**
   * As above, where a task may use only the offers {@code allowed} lets it (an agent whose tasks were preempted is
   * held for the task they were preempted for).
   */
  List<Assignment> match(List<HostOffer> offers, Collection<LaunchRequest> pending, JobSpread spread,
                         BiPredicate<LaunchRequest, HostOffer> allowed) {
    List<Assignment> out = new ArrayList<>();
    if (offers.isEmpty()) {
      return out;
    }
    // Resource shapes no offer can hold any more: later tasks of the same shape skip the scan.
    Set<Object> exhausted = new HashSet<>();
    for (LaunchRequest request : pending) {
      TaskResources r = request.resources();
      Object shape = request.config().revocable() ? List.of(r, "revocable") : r;
      if (exhausted.contains(shape)) {
        continue;
      }
      double cpus = r.cpus() + executor.cpus();
      double mem = r.ramMb() + executor.memMb();
      double disk = r.diskMb() + executor.diskMb();
      int ports = r.portNames().size();
      boolean anyRoom = false;
      HostOffer chosen = null;
      for (int i = 0; i < offers.size(); i++) {
        HostOffer offer = offers.get((cursor + i) % offers.size());
        if (!offer.fits(cpus, mem, disk, ports, r.gpus(), request.config().revocable())) {
          continue;
        }
        // Room held for another task still counts as room: a task of the same shape may be the one it is held for.
        anyRoom = true;
        if (allowed.test(request, offer) && satisfies(request, offer, spread)) {
          chosen = offer;
          cursor = (cursor + i + 1) % offers.size();
          break;
        }
      }
      if (chosen == null) {
        if (!anyRoom) {
          exhausted.add(shape);
        }
        continue;
      }
      chosen.take(cpus, mem, disk, r.gpus(), request.config().revocable());
      out.add(new Assignment(request, chosen, chosen.takePorts(r.portNames())));
      spread.add(request.job(), chosen.attributes);
    }
    return out;
  }

  static boolean satisfies(LaunchRequest request, HostOffer offer, JobSpread spread) {
    return satisfies(request, offer.attributes, spread);
  }

  /** Whether the task's constraints hold on an agent with these attributes ({@code host} among them). */
  static boolean satisfies(LaunchRequest request, Map<String, Set<String>> attributes, JobSpread spread) {
    boolean dedicatedTask = false;
    for (PlacementConstraint c : request.constraints()) {
      Set<String> hostValues = attributes.getOrDefault(c.attribute(), Set.of());
      if (c instanceof ValueConstraint value) {
        dedicatedTask |= c.attribute().equals("dedicated");
        if (!value.satisfiedBy(hostValues)) {
          return false;
        }
      } else if (c instanceof LimitConstraint limit) {
        if (hostValues.isEmpty()) {
          return false;
        }
        for (String v : hostValues) {
          if (spread.count(request.job(), limit.attribute(), v) >= limit.limit()) {
            return false;
          }
        }
      }
    }
    // Dedicated hosts only take tasks that asked for them (AURORA.md §7.6).
    return dedicatedTask || !attributes.containsKey("dedicated");
  }
}
