package dev.aurora.dsl.pystachio;

/** Result of {@link PValue#check()}; {@code toString} is Pystachio's repr. */
public record TypeCheck(boolean ok, String message) {
  public static final TypeCheck OK = new TypeCheck(true, "");

  public static TypeCheck failure(String message) {
    return new TypeCheck(false, message);
  }

  @Override
  public String toString() {
    return ok ? "TypeCheck(OK)" : "TypeCheck(FAILED): " + message;
  }
}
