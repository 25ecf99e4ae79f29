package dev.aurora.dsl.pystachio;

/**
 * Base of every error the templating engine raises. Each carries the name of the Python exception class Pystachio
 * raised for the same situation, so the Jython side can re-raise the matching Python exception, and a message that is
 * Pystachio's text verbatim.
 */
public class PystachioException extends RuntimeException {
  private final String pythonType;

  public PystachioException(String pythonType, String message) {
    super(message);
    this.pythonType = pythonType;
  }

  /** The Python exception class name: {@code ValueError}, {@code AttributeError}, {@code TypeError}, ... */
  public String pythonType() {
    return pythonType;
  }

  /** Python's {@code ValueError} (bad Enum literal, non-iterable given to a List, non-mapping given to a Struct). */
  public static PystachioException valueError(String message) {
    return new PystachioException("ValueError", message);
  }

  /** Python's {@code TypeError} (a scope that is neither a mapping nor Namable, wrong argument counts). */
  public static PystachioException typeError(String message) {
    return new PystachioException("TypeError", message);
  }

  /** Python's {@code AttributeError} ({@code Res has no attribute x}, the Choice check crash of PYSTACHIO.md §3). */
  public static PystachioException attributeError(String message) {
    return new PystachioException("AttributeError", message);
  }

  @Override
  public String toString() {
    return pythonType + ": " + getMessage();
  }
}
