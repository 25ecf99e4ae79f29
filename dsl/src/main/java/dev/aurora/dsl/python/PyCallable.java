package dev.aurora.dsl.python;

import org.python.core.PyObject;
import org.python.core.PyString;

/** A Python-callable Java function: how bound methods and factory functions of the engine reach Python code. */
final class PyCallable extends PyObject {
  private static final long serialVersionUID = 1L;

  /** Receives Python's call convention: keyword values are the last {@code keywords.length} entries of args. */
  @FunctionalInterface
  interface Body {
    PyObject call(PyObject[] args, String[] keywords);
  }

  private final String name;
  private final transient Body body;

  PyCallable(String name, Body body) {
    this.name = name;
    this.body = body;
  }

  @Override
  public PyObject __call__(PyObject[] args, String[] keywords) {
    try {
      return body.call(args, keywords);
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public PyString __repr__() {
    return new PyString("<built-in function " + name + ">");
  }
}
