package dev.aurora.dsl.pystachio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed mustache reference such as {@code a.b[c][0].d}: a path of {@link Dereference} ({@code .name}) and
 * {@link Index} ({@code [value]}) components. Immutable; equal when the components are equal, so
 * {@code Ref.parse("a").equals(Ref.parse(".a"))}.
 */
public final class Ref implements Comparable<Ref> {

  /** One step of a reference. */
  public sealed interface Component permits Dereference, Index {
    String value();
  }

  /** {@code .name} — a Struct field or an Environment key. */
  public record Dereference(String value) implements Component {
    @Override
    public String toString() {
      return "." + value;
    }
  }

  /** {@code [value]} — a List position or a Map key, kept as text until the container coerces it. */
  public record Index(String value) implements Component {
    @Override
    public String toString() {
      return "[" + value + "]";
    }
  }

  /** The address does not follow the reference grammar (PYSTACHIO.md §5). Python: Ref.InvalidRefError. */
  public static final class InvalidRefError extends PystachioException {
    public InvalidRefError(String address) {
      super("InvalidRefError", address);
    }
  }

  private static final Map<String, Ref> PARSED = new ConcurrentHashMap<>();
  /** Bounds on the parse cache, so a hostile config cannot fill the heap with distinct long addresses. */
  private static final int PARSE_CACHE_LIMIT = 10_000;
  private static final int CACHED_ADDRESS_LIMIT = 256;

  private final Component[] components;
  private final int hash;

  private Ref(Component[] components) {
    this.components = components;
    this.hash = Arrays.hashCode(components);
  }

  /** Builds a reference from components (at least one). */
  public static Ref of(List<Component> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a Ref needs at least one component");
    }
    return new Ref(components.toArray(new Component[0]));
  }

  /** Parses an address; results are cached because templates repeat the same refs over and over. */
  public static Ref parse(String address) {
    Ref ref = PARSED.get(address);
    if (ref == null) {
      ref = new Ref(parseComponents(address));
      if (address.length() <= CACHED_ADDRESS_LIMIT) {
        if (PARSED.size() > PARSE_CACHE_LIMIT) {
          PARSED.clear();
        }
        PARSED.put(address, ref);
      }
    }
    return ref;
  }

  private static Component[] parseComponents(String address) {
    List<Component> out = new ArrayList<>();
    int n = address.length();
    if (n == 0) {
      throw new InvalidRefError(address);
    }
    int i = 0;
    char first = address.charAt(0);
    boolean implicitDot = first != '.' && first != '[';
    while (i < n) {
      char c = implicitDot ? '.' : address.charAt(i);
      if (!implicitDot) {
        i++;
      }
      implicitDot = false;
      if (c == '.') {
        int start = i;
        if (i >= n || !isIdentStart(address.charAt(i))) {
          throw new InvalidRefError(address);
        }
        i++;
        while (i < n && isWordChar(address.charAt(i))) {
          i++;
        }
        out.add(new Dereference(address.substring(start, i)));
      } else if (c == '[') {
        int start = i;
        while (i < n && isIndexChar(address.charAt(i))) {
          i++;
        }
        if (i == start || i >= n || address.charAt(i) != ']') {
          throw new InvalidRefError(address);
        }
        out.add(new Index(address.substring(start, i)));
        i++;
      } else {
        throw new InvalidRefError(address);
      }
    }
    return out.toArray(new Component[0]);
  }

  private static boolean isIdentStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  private static boolean isIndexChar(char c) {
    return isWordChar(c) || c == '-' || c == '.' || c == '/';
  }

  public List<Component> components() {
    return List.of(components);
  }

  public int size() {
    return components.length;
  }

  public Component component(int i) {
    return components[i];
  }

  /** The reference without its first {@code n} components; {@code n} must be smaller than {@link #size()}. */
  public Ref drop(int n) {
    return n == 0 ? this : new Ref(Arrays.copyOfRange(components, n, components.length));
  }

  /** The reference {@code this} followed by {@code rest}: {@code a.b} then {@code [c]} is {@code a.b[c]}. */
  public Ref then(Ref rest) {
    Component[] all = Arrays.copyOf(components, components.length + rest.components.length);
    System.arraycopy(rest.components, 0, all, components.length, rest.components.length);
    return new Ref(all);
  }

  /** True when this ref's first components equal all of {@code prefix} (a ref is a prefix of itself). */
  public boolean startsWith(Ref prefix) {
    return startsWith(prefix, 0);
  }

  /** Like {@link #startsWith(Ref)} but matching {@code prefix} against this ref from component {@code from}. */
  boolean startsWith(Ref prefix, int from) {
    if (prefix.components.length > components.length - from) {
      return false;
    }
    for (int i = 0; i < prefix.components.length; i++) {
      if (!prefix.components[i].equals(components[from + i])) {
        return false;
      }
    }
    return true;
  }

  /** Pystachio's {@code Ref.subscope(prefix, ref)}: the rest of {@code ref} below {@code prefix}, if a proper prefix. */
  public static Optional<Ref> subscope(Ref prefix, Ref ref) {
    if (prefix.size() < ref.size() && ref.startsWith(prefix)) {
      return Optional.of(ref.drop(prefix.size()));
    }
    return Optional.empty();
  }

  /** The address in canonical form: {@code a.b[c].d}. */
  public String address() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < components.length; i++) {
      Component c = components[i];
      if (c instanceof Dereference d) {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(d.value());
      } else {
        sb.append('[').append(c.value()).append(']');
      }
    }
    return sb.toString();
  }

  /** Python's {@code repr}: {@code Ref(a.b)}. */
  public String repr() {
    return "Ref(" + address() + ")";
  }

  /** Python's {@code str}: the mustache text {@code {{a.b}}}. */
  @Override
  public String toString() {
    return "{{" + address() + "}}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ref r && hash == r.hash && Arrays.equals(components, r.components);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Pystachio orders refs by number of components, then by component values. */
  @Override
  public int compareTo(Ref o) {
    int c = Integer.compare(components.length, o.components.length);
    for (int i = 0; c == 0 && i < components.length; i++) {
      Component a = components[i];
      Component b = o.components[i];
      c = a.getClass().getSimpleName().compareTo(b.getClass().getSimpleName());
      if (c == 0) {
        c = a.value().compareTo(b.value());
      }
    }
    return c;
  }
}
