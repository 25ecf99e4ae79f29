package dev.aurora.dsl.pystachio;

/** A scalar could not be coerced to its type: {@code Cannot coerce 'abc' to Integer}. Python: a ValueError. */
public final class CoercionError extends PystachioException {
  public CoercionError(Object value, String typeName) {
    super("CoercionError", "Cannot coerce '" + PyFormat.str(value) + "' to " + typeName);
  }

  public CoercionError(Object value, String typeName, String detail) {
    super("CoercionError", "Cannot coerce '" + PyFormat.str(value) + "' to " + typeName + ": " + detail);
  }
}
