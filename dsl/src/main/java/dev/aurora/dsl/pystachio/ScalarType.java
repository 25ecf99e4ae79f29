package dev.aurora.dsl.pystachio;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * The simple types String, Integer, Float and Boolean (and {@link EnumType}): values are stored raw and coerced
 * only on interpolation (PYSTACHIO.md §2).
 */
public abstract class ScalarType extends PType {
  public static final ScalarType STRING = new StringType();
  public static final ScalarType INTEGER = new IntegerType();
  public static final ScalarType FLOAT = new FloatType();
  public static final ScalarType BOOLEAN = new BooleanType();

  ScalarType() {}

  @Override
  public ScalarValue create(Object raw) {
    return new ScalarValue(this, raw, PValue.NO_SCOPES);
  }

  /** Python's coercion of a raw value to this type; throws {@link CoercionError}. */
  public abstract Object coerce(Object raw);

  /** The type checker applied to an interpolated value (coerced, or a string with unbound refs). */
  abstract TypeCheck checkInterpolated(Object value);

  @Override
  List<Object> computeSerialize() {
    return List.of(name());
  }

  static boolean isCoercible(Object raw) {
    return raw instanceof String || raw instanceof Number || raw instanceof Boolean;
  }

  private static final class StringType extends ScalarType {
    @Override
    public String name() {
      return "String";
    }

    @Override
    public Object coerce(Object raw) {
      if (!isCoercible(raw)) {
        throw new CoercionError(raw, name());
      }
      return PyFormat.str(raw);
    }

    @Override
    TypeCheck checkInterpolated(Object value) {
      return value instanceof String ? TypeCheck.OK : TypeCheck.failure(PyFormat.interpolatedRepr(value) + " not a string");
    }
  }

  private static final class IntegerType extends ScalarType {
    @Override
    public String name() {
      return "Integer";
    }

    @Override
    public Object coerce(Object raw) {
      if (raw instanceof Long) {
        return raw;
      }
      if (raw instanceof Boolean b) {
        return b ? 1L : 0L;
      }
      if (PyFormat.isIntegral(raw)) {
        return PyFormat.normalizeInt(raw instanceof BigInteger b ? b : BigInteger.valueOf(((Number) raw).longValue()));
      }
      if (raw instanceof Double || raw instanceof Float) {
        double d = ((Number) raw).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new CoercionError(raw, name());
        }
        return PyFormat.normalizeInt(new BigDecimal(d).toBigInteger());
      }
      if (raw instanceof String s) {
        BigInteger b = PyFormat.parseInt(s);
        if (b != null) {
          return PyFormat.normalizeInt(b);
        }
      }
      throw new CoercionError(raw, name());
    }

    @Override
    TypeCheck checkInterpolated(Object value) {
      return PyFormat.isIntegral(value) ? TypeCheck.OK : TypeCheck.failure(PyFormat.interpolatedRepr(value) + " not an integer");
    }
  }

  private static final class FloatType extends ScalarType {
    @Override
    public String name() {
      return "Float";
    }

    @Override
    public Object coerce(Object raw) {
      if (raw instanceof Double) {
        return raw;
      }
      if (raw instanceof Boolean b) {
        return b ? 1.0 : 0.0;
      }
      if (raw instanceof Number n) {
        return n instanceof BigInteger b ? b.doubleValue() : n.doubleValue();
      }
      if (raw instanceof String s) {
        Double d = PyFormat.parseFloat(s);
        if (d != null) {
          return d;
        }
      }
      throw new CoercionError(raw, name());
    }

    @Override
    TypeCheck checkInterpolated(Object value) {
      return value instanceof Double || PyFormat.isIntegral(value)
          ? TypeCheck.OK : TypeCheck.failure(PyFormat.interpolatedRepr(value) + " not a float");
    }
  }

  private static final class BooleanType extends ScalarType {
    @Override
    public String name() {
      return "Boolean";
    }

    @Override
    public Object coerce(Object raw) {
      if (raw instanceof Boolean) {
        return raw;
      }
      if (raw instanceof Double d) {
        return d != 0.0;
      }
      if (raw instanceof BigInteger b) {
        return b.signum() != 0;
      }
      if (raw instanceof Number n) {
        return n.doubleValue() != 0.0;
      }
      if (raw instanceof String s) {
        switch (s.toLowerCase()) {
          case "true", "1" -> {
            return Boolean.TRUE;
          }
          case "false", "0" -> {
            return Boolean.FALSE;
          }
          default -> { }
        }
      }
      throw new CoercionError(raw, name());
    }

    @Override
    TypeCheck checkInterpolated(Object value) {
      return value instanceof Boolean ? TypeCheck.OK : TypeCheck.failure(PyFormat.interpolatedRepr(value) + " not a boolean");
    }
  }
}
