package dev.aurora.dsl.pystachio;

/**
 * Pystachio's {@code Empty}: the marker of an unset Struct field. Passing it as a field value in
 * {@link StructType#create} or {@link StructValue#copyWith} unsets the field, even one that has a default.
 */
public final class Empty {
  public static final Empty INSTANCE = new Empty();

  private Empty() {}

  @Override
  public String toString() {
    return "Empty";
  }
}
