package dev.aurora.dsl.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/** Sorted-key, whitespace-free JSON: the stable text behind content hashes and {@code inspect --json}. */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Two-space indent and {@code "key": value}, as Python's {@code json.dumps(indent=2)} prints. */
  private static final DefaultPrettyPrinter PYTHON_STYLE = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("").withObjectEmptySeparator(""))
      .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
      .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

  /** One line with Python's default separators ({@code ", "} and {@code ": "}), keys in the given order. */
  private static final DefaultPrettyPrinter PYTHON_ONE_LINE = new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEntrySpacing(Separators.Spacing.AFTER)
          .withArrayValueSpacing(Separators.Spacing.AFTER)
          .withArrayEmptySeparator("").withObjectEmptySeparator(""))
      .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
      .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter());

  private CanonicalJson() {}

  /** Python's {@code json.dumps(value)} text, as Pystachio's {@code json_dumps()} returned it. */
  public static String pythonDumps(JsonNode node) {
    try {
      return MAPPER.writer(PYTHON_ONE_LINE).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = MAPPER.createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      node.forEach(child -> out.add(sorted(child)));
      return out;
    }
    return node;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pretty(JsonNode node) {
    try {
      return MAPPER.writer(PYTHON_STYLE).writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
