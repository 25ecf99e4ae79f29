package dev.aurora.operator.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything an evaluation depends on, as an {@code AuroraJob} spec gives it.
 *
 * @param fileName the name the source is known by in error messages and relative includes (e.g. {@code hello.aurora})
 * @param source the {@code .aurora} text ({@code spec.source})
 * @param files name to text, the only files {@code include()} can read ({@code spec.files})
 * @param jobKey {@code cluster/role/environment/name}, a bare job name, or null for every job of the file
 * @param bindings {@code ref=value} template bindings, in order ({@code spec.bindings})
 * @param environment what {@code os.getenv}/{@code os.environ} show to the config; never the operator's own
 */
public record EvaluationInput(
    String fileName, String source, Map<String, String> files, String jobKey, List<String> bindings,
    Map<String, String> environment) {

  public EvaluationInput {
    if (fileName == null || fileName.isBlank()) {
      throw new IllegalArgumentException("an evaluation needs a file name for its source");
    }
    if (source == null) {
      throw new IllegalArgumentException("an evaluation needs source text");
    }
    files = files == null ? Map.of() : Map.copyOf(files);
    bindings = bindings == null ? List.of() : List.copyOf(bindings);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }

  /** Only a source: no includes, every job, no bindings, an empty environment. */
  public static EvaluationInput of(String fileName, String source) {
    return new EvaluationInput(fileName, source, Map.of(), null, List.of(), Map.of());
  }

  public EvaluationInput withJobKey(String key) {
    return new EvaluationInput(fileName, source, files, key, bindings, environment);
  }

  public EvaluationInput withFiles(Map<String, String> newFiles) {
    return new EvaluationInput(fileName, source, newFiles, jobKey, bindings, environment);
  }

  public EvaluationInput withEnvironment(Map<String, String> newEnvironment) {
    return new EvaluationInput(fileName, source, files, jobKey, bindings, newEnvironment);
  }

  public EvaluationInput withBindings(List<String> newBindings) {
    return new EvaluationInput(fileName, source, files, jobKey, newBindings, environment);
  }

  /**
   * SHA-256 over every input and the evaluator version. Each part is length-prefixed and maps are sorted, so no two
   * different inputs can produce the same byte sequence (e.g. moving text between source and an include).
   */
  public String contentHash(String evaluatorVersion) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    part(digest, evaluatorVersion);
    part(digest, fileName);
    part(digest, source);
    map(digest, files);
    part(digest, jobKey == null ? "\0none" : jobKey);
    digest.update(intBytes(bindings.size()));
    bindings.forEach(binding -> part(digest, binding));
    map(digest, environment);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void map(MessageDigest digest, Map<String, String> map) {
    digest.update(intBytes(map.size()));
    new TreeMap<>(map).forEach((key, value) -> {
      part(digest, key);
      part(digest, value);
    });
  }

  private static void part(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(intBytes(bytes.length));
    digest.update(bytes);
  }

  private static byte[] intBytes(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }
}
