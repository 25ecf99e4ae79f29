package dev.aurora.mesos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * One offer with what is still unclaimed in it while tasks are being matched. Only unreserved resources count. The
 * {@code host} attribute is the agent's hostname (Aurora's convention). Revocable CPUs are kept apart: only tasks of
 * the {@code revocable} tier use them, and those take their CPUs only from them (memory, disk, ports and GPUs stay
 * firm, as Aurora's default revocable resource types were CPUs alone).
 */
final class HostOffer {
  final Offer offer;
  final Map<String, Set<String>> attributes;
  final String role;
  double cpus;
  double memMb;
  double diskMb;
  double gpus;
  double revocableCpus;
  private final List<long[]> portRanges = new ArrayList<>();

  HostOffer(Offer offer) {
    this.offer = offer;
    String allocationRole = null;
    for (Resource r : offer.getResourcesList()) {
      if (r.getReservationsCount() > 0 || r.hasReservation() || r.hasDisk()) {
        continue;
      }
      if (r.hasRevocable()) {
        if (r.getName().equals("cpus")) {
          revocableCpus += r.getScalar().getValue();
        }
        continue;
      }
      if (allocationRole == null && r.hasAllocationInfo()) {
        allocationRole = r.getAllocationInfo().getRole();
      }
      switch (r.getName()) {
        case "cpus":
          cpus += r.getScalar().getValue();
          break;
        case "mem":
          memMb += r.getScalar().getValue();
          break;
        case "disk":
          diskMb += r.getScalar().getValue();
          break;
        case "gpus":
          gpus += r.getScalar().getValue();
          break;
        case "ports":
          for (Value.Range range : r.getRanges().getRangeList()) {
            portRanges.add(new long[] {range.getBegin(), range.getEnd()});
          }
          break;
        default:
          break;
      }
    }
    this.role = allocationRole;
    this.attributes = attributesOf(offer);
  }

  String agentId() {
    return offer.getAgentId().getValue();
  }

  String hostname() {
    return offer.getHostname();
  }

  boolean fits(double needCpus, double needMem, double needDisk, int needPorts, int needGpus, boolean revocable) {
    // A little slack so that 0.1 + 0.2 style sums do not refuse a task that exactly fills an offer.
    return (revocable ? revocableCpus : cpus) + 1e-9 >= needCpus && memMb + 1e-9 >= needMem
        && diskMb + 1e-9 >= needDisk && gpus + 1e-9 >= needGpus && freePorts() >= needPorts;
  }

  long freePorts() {
    long n = 0;
    for (long[] r : portRanges) {
      n += r[1] - r[0] + 1;
    }
    return n;
  }

  void take(double takeCpus, double takeMem, double takeDisk, int takeGpus, boolean revocable) {
    if (revocable) {
      revocableCpus -= takeCpus;
    } else {
      cpus -= takeCpus;
    }
    gpus -= takeGpus;
    memMb -= takeMem;
    diskMb -= takeDisk;
  }

  /** Claims the lowest free ports, one per name, in name order. Callers check {@link #fits} first. */
  Map<String, Integer> takePorts(List<String> names) {
    Map<String, Integer> assigned = new LinkedHashMap<>();
    for (String name : names) {
      long[] range = portRanges.get(0);
      assigned.put(name, (int) range[0]);
      if (range[0] == range[1]) {
        portRanges.remove(0);
      } else {
        range[0]++;
      }
    }
    return assigned;
  }

  private static Map<String, Set<String>> attributesOf(Offer offer) {
    Map<String, Set<String>> values = new HashMap<>();
    for (Attribute a : offer.getAttributesList()) {
      Set<String> set = values.computeIfAbsent(a.getName(), k -> new HashSet<>());
      switch (a.getType()) {
        case TEXT:
          set.add(a.getText().getValue());
          break;
        case SCALAR:
          double v = a.getScalar().getValue();
          set.add(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
          break;
        case SET:
          set.addAll(a.getSet().getItemList());
          break;
        case RANGES:
          for (Value.Range r : a.getRanges().getRangeList()) {
            set.add("[" + r.getBegin() + "-" + r.getEnd() + "]");
          }
          break;
        default:
          break;
      }
    }
    values.put(dev.aurora.backend.PlacementConstraint.HOST, Set.of(offer.getHostname()));
    return values;
  }
}
