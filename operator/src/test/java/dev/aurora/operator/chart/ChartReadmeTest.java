package dev.aurora.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's README documents every value of values.yaml with its default. A mapping documented as a whole (such
 * as {@code operator.resources}) covers its keys; every other mapping must have each of its keys documented.
 */
class ChartReadmeTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

  @Test
  void everyValueIsDocumentedWithItsDefault() throws IOException {
    JsonNode values = new YAMLMapper().readTree(HelmBinary.chartDir().resolve("values.yaml").toFile());
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(Files.readString(HelmBinary.chartDir().resolve("README.md")));
    while (row.find()) {
      documented.put(row.group(1), row.group(2).trim());
    }
    assertTrue(documented.size() > 10, "the README's values table was not found");

    List<String> problems = new ArrayList<>();
    List<String> covered = new ArrayList<>();
    check("", values, documented, problems, covered);
    for (String key : documented.keySet()) {
      if (!covered.contains(key)) {
        problems.add(key + " is documented but is not in values.yaml");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static void check(String path, JsonNode node, Map<String, String> documented, List<String> problems,
      List<String> covered) {
    String shown = documented.get(path);
    if (shown != null) {
      covered.add(path);
      if (node.isObject() && !node.isEmpty()) {
        return; // a structured default, described in words
      }
      String expected = "`" + render(node) + "`";
      if (!shown.equals(expected)) {
        problems.add(path + ": README says " + shown + ", values.yaml has " + expected);
      }
      return;
    }
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        check(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), documented, problems, covered);
      }
      return;
    }
    problems.add(path + " (default `" + render(node) + "`) is not documented in the chart's README");
  }

  private static String render(JsonNode node) {
    if (node.isTextual()) {
      return node.asText().isEmpty() ? "\"\"" : node.asText();
    }
    if (node.isObject() && node.isEmpty()) {
      return "{}";
    }
    if (node.isArray() && node.isEmpty()) {
      return "[]";
    }
    return node.toString();
  }
}
