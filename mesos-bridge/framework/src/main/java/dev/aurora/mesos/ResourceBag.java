package dev.aurora.mesos;

import dev.aurora.backend.TaskResources;
import java.util.Comparator;

/**
 * Firm resources of one agent as the preemptor counts them: what is offered and unused there, or what one task
 * holds (its resources plus its executor's, both freed when it is killed). Ports are counted, not named: a freed task
 * gives back as many ports as it held.
 */
record ResourceBag(double cpus, double memMb, double diskMb, long ports, double gpus) {
  static final ResourceBag EMPTY = new ResourceBag(0, 0, 0, 0, 0);

  /**
   * Largest first, comparing cpus, then memory, disk, ports and GPUs, as Aurora's victim filter ordered candidates:
   * the biggest victims free the most, so the fewest of them are taken.
   */
  static final Comparator<ResourceBag> LARGEST_FIRST = Comparator.comparingDouble(ResourceBag::cpus)
      .thenComparingDouble(ResourceBag::memMb).thenComparingDouble(ResourceBag::diskMb)
      .thenComparingLong(ResourceBag::ports).thenComparingDouble(ResourceBag::gpus).reversed();

  /** What a task needs of an agent, or frees there: its resources plus its executor's. */
  static ResourceBag of(TaskResources r, ExecutorSettings executor) {
    return new ResourceBag(r.cpus() + executor.cpus(), r.ramMb() + executor.memMb(), r.diskMb() + executor.diskMb(),
        r.portNames().size(), r.gpus());
  }

  /** The unclaimed firm resources of an offer (revocable CPUs are left out: no preemption is counted on them). */
  static ResourceBag unused(HostOffer offer) {
    return new ResourceBag(Math.max(0, offer.cpus), Math.max(0, offer.memMb), Math.max(0, offer.diskMb),
        offer.freePorts(), Math.max(0, offer.gpus));
  }

  ResourceBag plus(ResourceBag o) {
    return new ResourceBag(cpus + o.cpus, memMb + o.memMb, diskMb + o.diskMb, ports + o.ports, gpus + o.gpus);
  }

  /** Aurora did not count a revocable task's CPUs as freed by its preemption (they are compressible). */
  ResourceBag withoutCpus() {
    return new ResourceBag(0, memMb, diskMb, ports, gpus);
  }

  /** Whether this holds {@code need}, with the same slack for float sums as offer matching. */
  boolean covers(ResourceBag need) {
    return cpus + 1e-9 >= need.cpus && memMb + 1e-9 >= need.memMb && diskMb + 1e-9 >= need.diskMb
        && ports >= need.ports && gpus + 1e-9 >= need.gpus;
  }
}
