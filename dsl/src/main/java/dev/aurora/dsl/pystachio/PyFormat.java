package dev.aurora.dsl.pystachio;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Python 2.7 text forms of the Java values that stand in for Python values (as Jython prints them), because
 * Pystachio splices {@code str()} of found values into templates and quotes {@code repr()} in check messages.
 */
public final class PyFormat {
  private PyFormat() {}

  /** Python 2 {@code str(v)}. */
  public static String str(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double || v instanceof Float) {
      return floatStr(((Number) v).doubleValue());
    }
    if (v instanceof PValue p) {
      return p.str();
    }
    if (v instanceof Collection<?> || v instanceof Map<?, ?>) {
      return repr(v);
    }
    return v.toString();
  }

  /**
   * Python 2 {@code repr(v)} of a value as a {@code .aurora} file wrote it: string literals there are byte strings,
   * so no {@code u} prefix.
   */
  public static String repr(Object v) {
    if (v instanceof String s) {
      return quote(s);
    }
    if (v instanceof Double || v instanceof Float) {
      return floatRepr(((Number) v).doubleValue());
    }
    if (v instanceof PValue p) {
      return p.repr();
    }
    if (v instanceof Collection<?> c) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      c.forEach(e -> j.add(repr(e)));
      return j.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      m.forEach((k, e) -> j.add(repr(k) + ": " + repr(e)));
      return j.toString();
    }
    return str(v);
  }

  /**
   * {@code repr} of a value that went through interpolation: Pystachio joins templates into unicode text, so a
   * string prints as {@code u'{{x}}'} under Jython (the check messages of the corpus).
   */
  public static String interpolatedRepr(Object v) {
    return v instanceof String s ? "u" + quote(s) : repr(v);
  }

  private static String quote(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\');
          }
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(q).toString();
  }

  /** Python 2 {@code str(float)}: 12 significant digits, {@code 1e+16}, {@code 1e-05}, {@code 0.3}, {@code 2.0}. */
  public static String floatStr(double d) {
    return formatG(d, 12, 12);
  }

  /** Python 2.7 {@code repr(float)}: shortest round-trip digits, exponent form from 1e16 on. */
  public static String floatRepr(double d) {
    return formatG(d, 17, 16);
  }

  private static String formatG(double d, int digits, int expLimit) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = digits >= 17
        ? new BigDecimal(Double.toString(d))
        : new BigDecimal(d).round(new MathContext(digits, RoundingMode.HALF_EVEN));
    bd = bd.stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    String out;
    if (exp < -4 || exp >= expLimit) {
      String mant = bd.unscaledValue().abs().toString();
      String m = mant.length() > 1 ? mant.charAt(0) + "." + mant.substring(1) : mant;
      out = (bd.signum() < 0 ? "-" : "") + m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    } else {
      out = bd.toPlainString();
      if (out.indexOf('.') < 0) {
        out += ".0";
      }
    }
    return out;
  }

  /** Python {@code int(s)} for a string; {@code null} when Python would raise ValueError. */
  static BigInteger parseInt(String s) {
    String t = s.strip();
    int n = t.length();
    int i = 0;
    if (n > 0 && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      i = 1;
    }
    if (i == n) {
      return null;
    }
    for (int k = i; k < n; k++) {
      char c = t.charAt(k);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return new BigInteger(t.charAt(0) == '+' ? t.substring(1) : t);
  }

  /** Python {@code float(s)} for a string; {@code null} when Python would raise ValueError. */
  static Double parseFloat(String s) {
    String t = s.strip();
    String lower = t.toLowerCase();
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    switch (unsigned) {
      case "inf", "infinity" -> {
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {
        if (!unsigned.matches("(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
          return null;
        }
        return Double.parseDouble(t);
      }
    }
  }

  /** Normalises a Java integral number to {@code Long} when it fits, else {@code BigInteger}. */
  static Number normalizeInt(BigInteger b) {
    return b.bitLength() < 64 ? (Number) b.longValue() : b;
  }

  static boolean isIntegral(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof BigInteger || v instanceof Short
        || v instanceof Byte;
  }
}
