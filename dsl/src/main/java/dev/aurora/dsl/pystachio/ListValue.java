package dev.aurora.dsl.pystachio;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/** A {@code List(T)} value; its elements see the list's scopes when interpolated or found. */
public final class ListValue extends PValue implements Namable {
  private final ListType type;
  private final PValue[] elements;

  ListValue(ListType type, PValue[] elements, Namable[] scopes) {
    super(scopes);
    this.type = type;
    this.elements = elements;
  }

  @Override
  public ListType type() {
    return type;
  }

  @Override
  ListValue withScopes(Namable[] scopes) {
    return new ListValue(type, elements, scopes);
  }

  /** The stored elements, without the list's scopes. */
  public List<PValue> elements() {
    return List.of(elements);
  }

  public int size() {
    return elements.length;
  }

  /** Python {@code list[i]} (negative indices count from the end): the element interpolated in the list's scopes. */
  public PValue element(int index) {
    int i = index < 0 ? index + elements.length : index;
    if (i < 0 || i >= elements.length) {
      throw new IndexOutOfBoundsException("list index out of range");
    }
    return elements[i].inScopes(scopes).interpolate().value();
  }

  /** A new list of the same type holding this list's elements followed by {@code other}'s (scopes dropped). */
  public ListValue concat(ListValue other) {
    PValue[] all = Arrays.copyOf(elements, elements.length + other.elements.length);
    System.arraycopy(other.elements, 0, all, elements.length, other.elements.length);
    return new ListValue(type, all, NO_SCOPES);
  }

  @Override
  public List<Object> get() {
    List<Object> out = new ArrayList<>(elements.length);
    for (PValue e : elements) {
      out.add(e.get());
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public Interpolation interpolate() {
    PValue[] out = new PValue[elements.length];
    Set<Ref> unbound = null;
    for (int i = 0; i < elements.length; i++) {
      Interpolation r = elements[i].inScopes(scopes).interpolate();
      out[i] = r.value();
      if (!r.unbound().isEmpty()) {
        if (unbound == null) {
          unbound = new LinkedHashSet<>();
        }
        unbound.addAll(r.unbound());
      }
    }
    return new Interpolation(new ListValue(type, out, NO_SCOPES), unbound == null ? List.of() : List.copyOf(unbound));
  }

  @Override
  public TypeCheck check() {
    for (PValue e : elements) {
      TypeCheck c = TypeCheck.of(e.inScopes(scopes).check());
      if (!c.ok()) {
        return TypeCheck.failure("Element in " + type.name() + " failed check: " + c.message());
      }
    }
    return TypeCheck.OK;
  }

  /** {@code [i]} with Python {@code int()} parsing ({@code [01]}, {@code [-1]}); the element carries our scopes. */
  @Override
  public Object locate(Ref ref, int from, boolean raise) {
    Ref.Component c = ref.component(from);
    BigInteger parsed = c instanceof Ref.Index ? PyFormat.parseInt(c.value()) : null;
    if (parsed == null) {
      if (raise) {
        throw new NamingError("Cannot dereference object " + type.name() + " by " + c);
      }
      return null;
    }
    if (parsed.compareTo(BigInteger.valueOf(elements.length)) >= 0) {
      if (raise) {
        throw new NotFound("Could not find " + c.value() + " in object " + type.name());
      }
      return null;
    }
    // Pystachio only checks the upper bound; a too negative index fails in Python's own indexing
    long index = parsed.signum() < 0 ? parsed.longValue() + elements.length : parsed.longValue();
    if (parsed.bitLength() > 62 || index < 0) {
      throw new PystachioException("IndexError", "index out of range: " + c.value());
    }
    return Namable.descend(elements[(int) index].inScopes(scopes), ref, from + 1, raise);
  }

  @Override
  public String str() {
    ListValue i = (ListValue) interpolate().value();
    StringJoiner j = new StringJoiner(", ", type.name() + "(", ")");
    for (PValue e : i.elements) {
      j.add(e.str());
    }
    return j.toString();
  }

  /** Same element type (by serialized type) and equal interpolated elements in order. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ListValue other) || !type.elementType().serialize().equals(other.type.elementType().serialize())
        || elements.length != other.elements.length) {
      return false;
    }
    ListValue a = (ListValue) interpolate().value();
    ListValue b = (ListValue) other.interpolate().value();
    return Arrays.equals(a.elements, b.elements);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(elements);
  }
}
