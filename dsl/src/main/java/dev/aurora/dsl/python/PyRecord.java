package dev.aurora.dsl.python;

import java.util.Map;
import org.python.core.PyObject;
import org.python.core.PyString;

/** A small read-only Python object with fixed attributes, e.g. a {@code TypeCheck} or a {@code Ref}. */
final class PyRecord extends PyObject {
  private static final long serialVersionUID = 1L;
  private final transient Map<String, PyObject> attributes;
  private final String repr;
  private final String str;

  PyRecord(Map<String, PyObject> attributes, String repr, String str) {
    this.attributes = attributes;
    this.repr = repr;
    this.str = str;
  }

  @Override
  public PyObject __findattr_ex__(String name) {
    PyObject value = attributes.get(name);
    return value != null ? value : super.__findattr_ex__(name);
  }

  @Override
  public PyString __repr__() {
    return new PyString(repr);
  }

  @Override
  public PyString __str__() {
    return new PyString(str);
  }
}
