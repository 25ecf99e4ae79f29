package dev.aurora.dsl.pystachio;

/** Mustache resolution did not settle within 100 rounds (a reference cycle). Python: MustacheParser.Uninterpolatable. */
public final class UninterpolatableError extends PystachioException {
  public UninterpolatableError(String template) {
    super("Uninterpolatable", "Unable to interpolate " + template + "!  Maximum replacements reached.");
  }
}
