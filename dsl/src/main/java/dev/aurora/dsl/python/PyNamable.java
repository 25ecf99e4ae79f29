package dev.aurora.dsl.python;

import dev.aurora.dsl.pystachio.Namable;
import org.python.core.PyObject;
import org.python.core.PyString;

/** A scope that is not a value, i.e. an {@code Environment(...)} built in Python, usable in {@code bind()}. */
final class PyNamable extends PyObject {
  private static final long serialVersionUID = 1L;
  final transient Namable namable;

  PyNamable(Namable namable) {
    this.namable = namable;
  }

  @Override
  public PyString __repr__() {
    return new PyString(namable.toString());
  }
}
