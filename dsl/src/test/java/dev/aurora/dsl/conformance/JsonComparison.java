package dev.aurora.dsl.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The corpus README's comparison rules: JSON as data; an expected float matches any number of the same value
 * (Float fields), an expected integer only an integer; chosen arrays compare as multisets (the process and
 * constraint lists that Tasks.concat/combine build through a set). Returns the differences, empty when equal.
 */
public final class JsonComparison {
  private final Set<String> unorderedPaths;
  private final List<String> differences = new ArrayList<>();

  private JsonComparison(Set<String> unorderedPaths) {
    this.unorderedPaths = unorderedPaths;
  }

  public static List<String> differences(JsonNode expected, JsonNode actual, Set<String> unorderedPaths) {
    JsonComparison comparison = new JsonComparison(unorderedPaths);
    comparison.compare("", expected, actual);
    return comparison.differences;
  }

  private boolean compare(String path, JsonNode expected, JsonNode actual) {
    int before = differences.size();
    if (expected.isNumber() && actual.isNumber()) {
      boolean sameKind = expected.isFloatingPointNumber() || actual.isIntegralNumber();
      if (!sameKind || expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
        differences.add(path + ": expected " + expected + " but was " + actual);
      }
    } else if (expected.isObject() && actual.isObject()) {
      Set<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        if (!expected.has(name) || !actual.has(name)) {
          differences.add(path + "." + name + ": " + (expected.has(name) ? "missing" : "unexpected"));
        } else {
          compare(path + "." + name, expected.get(name), actual.get(name));
        }
      }
    } else if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        differences.add(path + ": expected " + expected.size() + " elements but was " + actual.size());
      } else if (unorderedPaths.contains(path)) {
        List<JsonNode> remaining = new ArrayList<>();
        actual.forEach(remaining::add);
        for (JsonNode want : expected) {
          boolean found = false;
          for (Iterator<JsonNode> it = remaining.iterator(); it.hasNext() && !found; ) {
            if (differences(want, it.next(), Set.of()).isEmpty()) {
              it.remove();
              found = true;
            }
          }
          if (!found) {
            differences.add(path + ": no element matches " + want);
          }
        }
      } else {
        for (int i = 0; i < expected.size(); i++) {
          compare(path + "[" + i + "]", expected.get(i), actual.get(i));
        }
      }
    } else if (!expected.equals(actual)) {
      differences.add(path + ": expected " + expected + " but was " + actual);
    }
    return differences.size() == before;
  }
}
