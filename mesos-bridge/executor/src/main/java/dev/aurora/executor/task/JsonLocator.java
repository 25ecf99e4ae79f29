package dev.aurora.executor.task;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Finds where a field sits in a JSON text, so errors found after parsing (validation, binding) can still name a
 * line. Falls back to the closest enclosing value when the field itself is absent.
 */
final class JsonLocator {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLocator() {}

  /** 1-based line of the value at {@code pointer} (or of its nearest existing ancestor); 0 when unknown. */
  static int lineOf(String json, JsonPointer pointer) {
    int best = 0;
    int bestDepth = -1;
    try (JsonParser parser = FACTORY.createParser(json)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        JsonPointer here = parser.getParsingContext().pathAsPointer();
        if (isPrefix(here, pointer)) {
          int depth = depth(here);
          if (depth > bestDepth) {
            bestDepth = depth;
            best = parser.currentTokenLocation().getLineNr();
          }
        }
      }
    } catch (IOException e) {
      return best;
    }
    return best;
  }

  private static boolean isPrefix(JsonPointer prefix, JsonPointer full) {
    String p = prefix.toString();
    String f = full.toString();
    return f.equals(p) || f.startsWith(p + "/") || p.isEmpty();
  }

  private static int depth(JsonPointer pointer) {
    int depth = 0;
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      depth++;
    }
    return depth;
  }
}
