package dev.aurora.dsl.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random Pystachio programs for the differential test: random types (scalars, Enum, List, Map, Choice, user
 * Structs with defaults and required fields), random templates (plain, nested, escaped, sibling and scoped
 * references) and random bindings (numbers, booleans, templates that refer to each other, structs, lists).
 * Each case is Python source that leaves the value under test in {@code obj}.
 */
final class CaseGenerator {
  private static final String[] NAMES = {"a", "b", "c", "d.e", "s.x", "s.y", "l[0]", "l[1]", "l[-1]", "m[k]", "m[z]"};
  private static final String[] SCALAR_TYPES = {"String", "Integer", "Float", "Boolean", "Enum('A', 'B')"};

  private final Random random;

  CaseGenerator(long seed) {
    this.random = new Random(seed);
  }

  List<String> cases(int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    return out;
  }

  String next() {
    String struct = "class S(Struct):\n  x = Default(Integer, " + boundValue() + ")\n  y = String\n"
        + "  z = " + (random.nextBoolean() ? "Required(Float)" : "Default(Float, 1.5)") + "\n"
        + "  w = Default(String, '{{x}}-{{y}}')\n";
    struct += "class Out(Struct):\n  inner = S\n  items = List(S)\n  tags = Map(String, String)\n"
        + "  label = Default(String, '{{inner.y}}/{{super.a}}/{{self.tags[k]}}')\n";
    String obj = switch (random.nextInt(10)) {
      case 0 -> scalarType() + "(" + value() + ")";
      case 1 -> "List(" + scalarType() + ")([" + value() + ", " + value() + "])";
      case 2 -> "Map(String, " + scalarType() + ")({'k': " + value() + ", " + template() + ": " + value() + "})";
      case 3 -> "Choice([Integer, String])(" + value() + ")";
      case 4 -> "S(" + structArguments() + ")";
      case 5 -> "List(S)([S(" + structArguments() + "), {'y': " + template() + "}])";
      case 6 -> "Out(inner=S(" + structArguments() + "), items=[S(" + structArguments() + ")], tags={'k': "
          + boundValue() + "})";
      case 7 -> "S(" + structArguments() + ")(y=" + boundValue() + ")";
      case 8 -> "Map(Integer, String)({1: " + value() + ", '02': " + value() + "})";
      default -> "Choice([Integer, Float, String])(" + value() + ") % {'a': " + boundValue() + "}";
    };
    return struct + "obj = " + obj + bindings() + "\n";
  }

  private String structArguments() {
    List<String> args = new ArrayList<>();
    if (random.nextBoolean()) {
      args.add("x=" + boundValue());
    }
    if (random.nextBoolean()) {
      args.add("y=" + boundValue());
    }
    if (random.nextInt(3) > 0) {
      args.add("z=" + boundValue());
    }
    return String.join(", ", args);
  }

  private String scalarType() {
    return SCALAR_TYPES[random.nextInt(SCALAR_TYPES.length)];
  }

  private String bindings() {
    StringBuilder out = new StringBuilder();
    int binds = random.nextInt(3);
    for (int i = 0; i < binds; i++) {
      List<String> entries = new ArrayList<>();
      for (String name : new String[] {"a", "b", "c", "d.e"}) {
        if (random.nextInt(3) == 0) {
          entries.add("'" + name + "': " + boundValue());
        }
      }
      switch (random.nextInt(4)) {
        case 0 -> entries.add("'s': S(x=" + boundValue() + ", y=" + boundValue() + ", z=2)");
        case 1 -> entries.add("'l': List(Integer)([" + random.nextInt(5) + ", '{{a}}', 7])");
        case 2 -> entries.add("'m': Map(String, String)({'k': " + boundValue() + "})");
        default -> { }
      }
      out.append(random.nextBoolean() ? ".bind({" + String.join(", ", entries) + "})"
          : ".in_scope({" + String.join(", ", entries) + "})");
    }
    return out.toString();
  }

  /**
   * A value that other values can refer to (a binding or a struct field): like {@link #value()} but a template
   * holds at most one reference, so that mutual references form cycles (Uninterpolatable) instead of growing
   * exponentially over Pystachio's 100 passes (which would exhaust both implementations).
   */
  private String boundValue() {
    String v = value();
    return v.chars().filter(ch -> ch == '{').count() > 2 ? "'{{" + NAMES[random.nextInt(4)] + "}}x'" : v;
  }

  /** A literal: number, boolean, plain text, or a template. */
  private String value() {
    return switch (random.nextInt(8)) {
      case 0 -> Integer.toString(random.nextInt(200) - 50);
      case 1 -> (random.nextInt(40) - 10) + "." + random.nextInt(10);
      case 2 -> random.nextBoolean() ? "True" : "False";
      case 3 -> "'" + new String[] {"A", "B", "true", "0", "x", "3", " 4 ", "1e3", "2.5"}[random.nextInt(9)] + "'";
      default -> template();
    };
  }

  private String template() {
    StringBuilder out = new StringBuilder("'");
    int parts = 1 + random.nextInt(3);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(7)) {
        case 0 -> out.append(random.nextInt(10));
        case 1 -> out.append("{{&").append(NAMES[random.nextInt(4)]).append("}}");
        case 2 -> out.append("{{l[{{a}}]}}");
        case 3 -> out.append("{{self.x}}");
        default -> out.append("{{").append(NAMES[random.nextInt(NAMES.length)]).append("}}");
      }
    }
    return out.append("'").toString();
  }
}
