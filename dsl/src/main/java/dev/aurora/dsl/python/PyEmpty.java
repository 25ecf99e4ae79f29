package dev.aurora.dsl.python;

import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyString;

/** Python's {@code Empty}: what an unset field's accessor returns, and what unsets a field when passed in. */
final class PyEmpty extends PyObject {
  private static final long serialVersionUID = 1L;
  static final PyEmpty INSTANCE = new PyEmpty();

  private PyEmpty() {}

  @Override
  public PyString __repr__() {
    return new PyString("Empty");
  }

  @Override
  public PyString __str__() {
    return __repr__();
  }

  @Override
  public PyObject __call__(PyObject[] args, String[] keywords) {
    throw Py.TypeError("Empty is not callable");
  }
}
