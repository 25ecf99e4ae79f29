package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.List;

/** {@code Choice([A, B])} (named {@code Choice_A_B}) or {@code Choice(name, [A, B])}: one of several alternatives. */
public final class ChoiceType extends PType {
  private final String name;
  private final List<PType> alternatives;

  private ChoiceType(String name, List<PType> alternatives) {
    this.name = name;
    this.alternatives = List.copyOf(alternatives);
  }

  public static ChoiceType of(List<PType> alternatives) {
    List<String> names = new ArrayList<>();
    alternatives.forEach(a -> names.add(a.name()));
    return new ChoiceType("Choice_" + String.join("_", names), alternatives);
  }

  public static ChoiceType named(String name, List<PType> alternatives) {
    return new ChoiceType(name, alternatives);
  }

  public List<PType> alternatives() {
    return alternatives;
  }

  @Override
  public String name() {
    return name;
  }

  /** Stores the value as given; the alternative is re-derived on every interpolate/check. */
  @Override
  public ChoiceValue create(Object raw) {
    return new ChoiceValue(this, raw, PValue.NO_SCOPES);
  }

  @Override
  List<Object> computeSerialize() {
    List<Object> alts = new ArrayList<>();
    alternatives.forEach(a -> alts.add(a.serialize()));
    return List.of("Choice", name, alts);
  }
}
