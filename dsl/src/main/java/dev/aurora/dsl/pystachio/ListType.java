package dev.aurora.dsl.pystachio;

import java.util.Collection;
import java.util.List;

/** {@code List(T)}, named {@code <T>List} ({@code IntegerList}, {@code ProcessList}). */
public final class ListType extends PType {
  private final PType elementType;

  private ListType(PType elementType) {
    this.elementType = elementType;
  }

  public static ListType of(PType elementType) {
    return new ListType(elementType);
  }

  public PType elementType() {
    return elementType;
  }

  @Override
  public String name() {
    return elementType.name() + "List";
  }

  /** Accepts a Java {@code List}/{@code Collection}, an array or a ListValue; elements are adopted now. */
  @Override
  public ListValue create(Object raw) {
    Object[] items;
    if (raw instanceof ListValue lv) {
      items = lv.elements().toArray();
    } else if (raw instanceof Collection<?> c) {
      items = c.toArray();
    } else if (raw instanceof Object[] a) {
      items = a;
    } else {
      throw PystachioException.valueError("ListContainer expects an iterable, got " + PyFormat.repr(raw));
    }
    PValue[] elements = new PValue[items.length];
    for (int i = 0; i < items.length; i++) {
      elements[i] = elementType.adopt(items[i]);
    }
    return new ListValue(this, elements, PValue.NO_SCOPES);
  }

  @Override
  List<Object> computeSerialize() {
    return List.of("List", elementType.serialize());
  }
}
