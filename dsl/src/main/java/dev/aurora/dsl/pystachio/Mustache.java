package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pystachio's MustacheParser (PYSTACHIO.md §5, §6.4): splits text on {@code {{ref}}} and resolves it iteratively
 * against a scope list. Parsed splits are cached per distinct string because the same templates are resolved again
 * for every copy of a struct.
 */
public final class Mustache {
  /** Rounds of substitution before a template counts as cyclic. */
  public static final int MAX_ITERATIONS = 100;

  private static final Pattern MUSTACHE = Pattern.compile("\\{\\{(&)?([^{}]+?)\\1?}}");
  private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();
  /** At most CACHE_LIMIT texts of at most CACHED_TEXT_LIMIT chars (about 20 MB) stay cached. */
  private static final int CACHE_LIMIT = 5_000;
  /** Long texts are mostly intermediate rounds of one resolution; caching them would only hold memory. */
  private static final int CACHED_TEXT_LIMIT = 2048;
  /**
   * Longest text a resolution may grow to. Pystachio has no such bound, so {@code a='{{a}}{{a}}'} doubles the text
   * for 100 rounds and never finishes; we stop it early with the same Uninterpolatable error a cycle gets.
   */
  public static final int MAX_LENGTH = 1 << 20;

  private Mustache() {}

  /** The outcome of {@link #resolve}: the text and the refs still unbound (in order, with duplicates). */
  public record Resolution(String text, List<Ref> unbound) {}

  /** One piece of a split template: literal text, an escape ({@code {{&x}}}) or a reference. */
  private record Piece(String text, String escaped, Ref ref) {}

  /** A split template; {@code error} is set when one of its refs is malformed (raised only when resolved). */
  private record Template(Piece[] pieces, boolean hasRefs, boolean hasEscapes, Ref.InvalidRefError error) {}

  /** The refs in {@code text}, in order (escapes excluded); throws {@link Ref.InvalidRefError} for a bad one. */
  public static List<Ref> refs(String text) {
    Template t = split(text);
    if (t.error != null) {
      throw t.error;
    }
    List<Ref> out = new ArrayList<>();
    for (Piece p : t.pieces) {
      if (p.ref != null) {
        out.add(p.ref);
      }
    }
    return out;
  }

  private static Template split(String text) {
    Template t = CACHE.get(text);
    if (t != null) {
      return t;
    }
    t = parse(text);
    if (text.length() <= CACHED_TEXT_LIMIT) {
      if (CACHE.size() > CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(text, t);
    }
    return t;
  }

  private static Template parse(String text) {
    if (text.indexOf("{{") < 0) {
      return new Template(new Piece[] {new Piece(text, null, null)}, false, false, null);
    }
    List<Piece> pieces = new ArrayList<>();
    Matcher m = MUSTACHE.matcher(text);
    int last = 0;
    boolean hasRefs = false;
    boolean hasEscapes = false;
    Ref.InvalidRefError error = null;
    while (m.find()) {
      if (m.start() > last) {
        pieces.add(new Piece(text.substring(last, m.start()), null, null));
      }
      if (m.group(1) != null) {
        pieces.add(new Piece(null, m.group(2), null));
        hasEscapes = true;
      } else {
        try {
          pieces.add(new Piece(null, null, Ref.parse(m.group(2))));
          hasRefs = true;
        } catch (Ref.InvalidRefError e) {
          error = error == null ? e : error;
        }
      }
      last = m.end();
    }
    if (last < text.length()) {
      pieces.add(new Piece(text.substring(last), null, null));
    }
    return new Template(pieces.toArray(new Piece[0]), hasRefs, hasEscapes, error);
  }

  /**
   * Resolves {@code text} against {@code scopes} (highest priority first): each round splices {@code str()} of the
   * first scope's value for every ref and re-parses the result, until a round resolves nothing. Escapes become
   * literal {@code {{x}}} only at the end and are never reported unbound.
   *
   * @throws UninterpolatableError after {@link #MAX_ITERATIONS} productive rounds (a cycle), naming the text as it
   *     stands after the last round, as Pystachio does; or once the text outgrows {@link #MAX_LENGTH}
   * @throws Ref.InvalidRefError when the text holds a malformed reference
   */
  public static Resolution resolve(String text, Namable[] scopes) {
    String stream = text;
    for (int round = 0; round < MAX_ITERATIONS; round++) {
      Template t = split(stream);
      if (t.error != null) {
        throw t.error;
      }
      if (!t.hasRefs) {
        return new Resolution(t.hasEscapes ? finish(t) : stream, List.of());
      }
      StringBuilder next = new StringBuilder(stream.length() + 16);
      List<Ref> unbound = null;
      boolean progressed = false;
      for (Piece p : t.pieces) {
        if (p.text != null) {
          next.append(p.text);
        } else if (p.escaped != null) {
          next.append("{{&").append(p.escaped).append("}}");
        } else {
          Object found = find(p.ref, scopes);
          if (found != null) {
            next.append(PyFormat.str(found));
            progressed = true;
          } else {
            next.append(p.ref);
            if (unbound == null) {
              unbound = new ArrayList<>();
            }
            unbound.add(p.ref);
          }
        }
      }
      if (!progressed) {
        return new Resolution(finish(t), unbound);
      }
      stream = next.toString();
      if (stream.length() > MAX_LENGTH) {
        throw new UninterpolatableError(text, true);
      }
    }
    throw new UninterpolatableError(stream, false);
  }

  private static String finish(Template t) {
    StringBuilder sb = new StringBuilder();
    for (Piece p : t.pieces) {
      if (p.text != null) {
        sb.append(p.text);
      } else if (p.escaped != null) {
        sb.append("{{").append(p.escaped).append("}}");
      } else {
        sb.append(p.ref);
      }
    }
    return sb.toString();
  }

  /** The value of {@code ref} in the first scope that has it, or {@code null}. */
  static Object find(Ref ref, Namable[] scopes) {
    for (Namable scope : scopes) {
      Object found = scope.locate(ref, 0, false);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
