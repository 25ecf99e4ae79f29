package dev.aurora.dsl.pystachio;

/** A Struct was given a field its schema does not declare. Python: AttributeError. */
public final class UnknownAttributeError extends PystachioException {
  public UnknownAttributeError(String attribute) {
    super("AttributeError", "Unknown schema attribute " + attribute);
  }
}
