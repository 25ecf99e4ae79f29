package dev.aurora.dsl.pystachio;

/**
 * Something a {@link Ref} can be looked up in: {@link Environment}, {@link StructValue}, {@link ListValue},
 * {@link MapValue}. A found value is either a {@code String} (Environment leaves) or a {@link PValue}.
 *
 * <p>Implementations provide one method, {@link #locate}, which either throws a {@link Error} naming why the ref is
 * not here or, on the hot interpolation path, returns {@code null} without building an exception.
 */
public interface Namable {

  /** Base of the three "not here" outcomes; during interpolation any of them means "try the next scope". */
  abstract sealed class Error extends PystachioException permits NotFound, NamingError, Unnamable {
    Error(String pythonType, String message) {
      super(pythonType, message);
    }
  }

  /** The name is not present: {@code Could not find zz in object Out}. */
  final class NotFound extends Error {
    public NotFound(String message) {
      super("Namable.NotFound", message);
    }
  }

  /** Wrong kind of component for the container: {@code Cannot dereference object Out by [0]}. */
  final class NamingError extends Error {
    public NamingError(String message) {
      super("Namable.NamingError", message);
    }
  }

  /** Descending into a scalar: {@code Object is not indexable: Integer}. */
  final class Unnamable extends Error {
    public Unnamable(String message) {
      super("Namable.Unnamable", message);
    }
  }

  /**
   * Looks up {@code ref} from component {@code from} on.
   *
   * @param raise when true a miss throws the precise {@link Error}; when false a miss returns {@code null}.
   *     Errors that are not misses (e.g. a Map index that cannot be coerced) are thrown either way.
   */
  Object locate(Ref ref, int from, boolean raise);

  /** Pystachio's {@code find(ref)}: the value, or one of the {@link Error}s. */
  default Object find(Ref ref) {
    return locate(ref, 0, true);
  }

  /** Like {@link #find} but {@code null} when the ref is not here. */
  default Object lookup(Ref ref) {
    return locate(ref, 0, false);
  }

  /** Shared tail of container lookups: return {@code child} or continue descending into it. */
  static Object descend(Object child, Ref ref, int next, boolean raise) {
    if (next == ref.size()) {
      return child;
    }
    if (child instanceof Namable namable) {
      return namable.locate(ref, next, raise);
    }
    if (!raise) {
      return null;
    }
    String name = child instanceof PValue v ? v.type().name() : "str";
    throw new Unnamable("Object is not indexable: " + name);
  }
}
