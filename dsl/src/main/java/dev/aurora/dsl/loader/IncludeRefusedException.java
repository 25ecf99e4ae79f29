package dev.aurora.dsl.loader;

import java.io.IOException;

/** An include() that would leave the set of files given with the job: a path outside it, or an absolute one. */
public final class IncludeRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public IncludeRefusedException(String name) {
    super("include('" + name + "') refused: include() reads only the files given with the job (spec.files), by "
        + "relative name; '..' above them and absolute paths are not allowed");
  }
}
