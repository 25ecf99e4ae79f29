package dev.aurora.dsl.python;

import dev.aurora.dsl.pystachio.FieldSpec;
import org.python.core.PyObject;
import org.python.core.PyString;

/** What {@code Required(T)} and {@code Default(T, v)} return: a field declaration for a {@code class X(Struct)}. */
final class PyFieldSpec extends PyObject {
  private static final long serialVersionUID = 1L;
  final transient FieldSpec spec;

  PyFieldSpec(FieldSpec spec) {
    this.spec = spec;
  }

  @Override
  public PyString __repr__() {
    return new PyString((spec.required() ? "Required(" : spec.defaultValue() != null ? "Default(" : "Optional(")
        + spec.type().name() + ")");
  }
}
