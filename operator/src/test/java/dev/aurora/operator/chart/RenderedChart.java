package dev.aurora.operator.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aurora.crd.local.LocalKubeApiServer.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** What {@code helm template} printed for one release, as text and as parsed documents. */
record RenderedChart(String yaml, List<JsonNode> documents) {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Renders the chart in this checkout as release {@code release} in {@code namespace}, with extra helm flags. */
  static RenderedChart render(HelmBinary helm, String release, String namespace, String... flags) {
    CommandResult result = template(helm, release, namespace, flags);
    assertEquals(0, result.exitCode(), () -> "helm template failed:\n" + result.stderr());
    return parse(result.stdout());
  }

  static CommandResult template(HelmBinary helm, String release, String namespace, String... flags) {
    List<String> args = new ArrayList<>(List.of("template", release, HelmBinary.chartDir().toString(),
        "--namespace", namespace));
    args.addAll(List.of(flags));
    return helm.run(args.toArray(String[]::new));
  }

  static RenderedChart parse(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RenderedChart(yaml, documents);
  }

  List<JsonNode> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  JsonNode only(String kind) {
    List<JsonNode> found = ofKind(kind);
    assertEquals(1, found.size(), () -> "expected one " + kind + ", got " + found.size());
    return found.get(0);
  }

  JsonNode podSpec() {
    return only("Deployment").path("spec").path("template").path("spec");
  }

  JsonNode container(String name) {
    for (JsonNode c : podSpec().path("containers")) {
      if (name.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no container " + name + " in\n" + yaml);
  }

  /** A container's plain environment variables (value only; valueFrom ones map to their field path). */
  static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      assertTrue(!env.containsKey(name), "variable " + name + " is set twice");
      env.put(name, e.has("valueFrom")
          ? "fieldRef:" + e.path("valueFrom").path("fieldRef").path("fieldPath").asText()
          : e.path("value").asText());
    }
    return env;
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
