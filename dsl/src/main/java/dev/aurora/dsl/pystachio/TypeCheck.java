package dev.aurora.dsl.pystachio;

/** Result of {@link PValue#check()}; {@code toString} is Pystachio's repr. */
public record TypeCheck(boolean ok, String message) {
  public static final TypeCheck OK = new TypeCheck(true, "");

  public static TypeCheck failure(String message) {
    return new TypeCheck(false, message);
  }

  /**
   * A child's check result as a container reads it: a Choice may answer {@code null} (Python's None), on which
   * Pystachio's {@code .ok()} call fails with an AttributeError.
   */
  static TypeCheck of(TypeCheck childResult) {
    if (childResult == null) {
      throw PystachioException.attributeError("'NoneType' object has no attribute 'ok'");
    }
    return childResult;
  }

  @Override
  public String toString() {
    return ok ? "TypeCheck(OK)" : "TypeCheck(FAILED): " + message;
  }
}
