package dev.aurora.dsl.pystachio;

import java.util.List;

/**
 * Result of {@link PValue#interpolate()}: the interpolated copy and the references left unbound. Scalars report
 * refs in order with duplicates; containers and structs report each ref once (Pystachio uses a set there).
 */
public record Interpolation(PValue value, List<Ref> unbound) {
  public Interpolation {
    unbound = List.copyOf(unbound);
  }
}
