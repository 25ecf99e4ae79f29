package dev.aurora.dsl.pystachio;

/** Mustache resolution did not settle within 100 rounds (a reference cycle). Python: MustacheParser.Uninterpolatable. */
public final class UninterpolatableError extends PystachioException {
  private final boolean grewTooLong;

  UninterpolatableError(String template, boolean grewTooLong) {
    super("Uninterpolatable", "Unable to interpolate " + template + "!  Maximum replacements reached.");
    this.grewTooLong = grewTooLong;
  }

  /** True when we stopped a text that outgrew {@link Mustache#MAX_LENGTH}, where Pystachio would run on and on. */
  public boolean grewTooLong() {
    return grewTooLong;
  }
}
