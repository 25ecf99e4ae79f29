package dev.aurora.dsl.python;

import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.pystachio.ChoiceValue;
import dev.aurora.dsl.pystachio.Interpolation;
import dev.aurora.dsl.pystachio.ListValue;
import dev.aurora.dsl.pystachio.MapValue;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.StructValue;
import dev.aurora.dsl.pystachio.TypeCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.python.core.Py;
import org.python.core.PyInteger;
import org.python.core.PyList;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyTuple;

/**
 * A Pystachio value as Python sees it. Methods ({@code bind}, {@code interpolate}, {@code check}, ...) win over
 * Struct field accessors of the same name, as in Pystachio; {@code job.name()} reads a field, {@code has_name()}
 * tests it, {@code job(name='x')} copies with overrides; lists and maps iterate and index like Python's.
 */
final class PyValue extends PyObject {
  private static final long serialVersionUID = 1L;
  final transient PValue value;

  PyValue(PValue value) {
    this.value = value;
    SourceSites.record(value);
  }

  @Override
  public PyObject __findattr_ex__(String name) {
    try {
      PyObject method = method(name);
      if (method != null) {
        return method;
      }
      if (value instanceof StructValue struct) {
        if (struct.type().hasField(name)) {
          return new PyCallable(name, (a, k) -> Convert.toPy(struct.field(name)));
        }
        if (name.startsWith("has_") && struct.type().hasField(name.substring(4))) {
          return new PyCallable(name, (a, k) -> Py.newBoolean(struct.has(name.substring(4))));
        }
        if (!name.startsWith("__")) {
          throw Py.AttributeError(struct.type().name() + " has no attribute " + name);
        }
      }
      return super.__findattr_ex__(name);
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  private PyObject method(String name) {
    return switch (name) {
      case "bind" -> new PyCallable(name, (a, k) -> new PyValue(value.bind(scopes(a, k))));
      case "in_scope" -> new PyCallable(name, (a, k) -> new PyValue(value.inScope(scopes(a, k))));
      case "interpolate" -> new PyCallable(name, (a, k) -> {
        Interpolation result = value.interpolate();
        return new PyTuple(new PyValue(result.value()), Convert.list(result.unbound()));
      });
      case "check" -> new PyCallable(name, (a, k) -> typeCheck(value.check()));
      case "get" -> new PyCallable(name, (a, k) -> Convert.toPy(value.get()));
      case "json_dumps" -> new PyCallable(name, (a, k) -> new PyString(CanonicalJson.pythonDumps(value.toJson())));
      case "copy" -> new PyCallable(name, (a, k) -> this);
      case "scopes" -> new PyCallable(name, (a, k) -> new PyTuple(
          value.scopes().stream().map(s -> s instanceof PValue v ? new PyValue(v) : new PyNamable(s))
              .toArray(PyObject[]::new)));
      case "unwrap" -> value instanceof ChoiceValue choice
          ? new PyCallable(name, (a, k) -> new PyValue(choice.unwrap())) : null;
      default -> null;
    };
  }

  private static Object[] scopes(PyObject[] args, String[] keywords) {
    List<Object> scopes = new ArrayList<>(Convert.positional(args, keywords));
    Map<String, Object> kw = Convert.keywords(args, keywords);
    if (!kw.isEmpty()) {
      scopes.add(kw);
    }
    return scopes.toArray();
  }

  /** A TypeCheck, or None: Pystachio's Choice answers None when its chosen instance fails (Aurora then crashed). */
  static PyObject typeCheck(TypeCheck check) {
    if (check == null) {
      return Py.None;
    }
    return new PyRecord(Map.of(
        "ok", new PyCallable("ok", (a, k) -> Py.newBoolean(check.ok())),
        "message", new PyCallable("message", (a, k) -> Py.newStringOrUnicode(check.message()))),
        check.toString(), check.toString());
  }

  /** {@code struct(**overrides)}: a copy keeping the bindings. */
  @Override
  public PyObject __call__(PyObject[] args, String[] keywords) {
    if (!(value instanceof StructValue struct)) {
      throw Py.TypeError("'" + value.type().name() + "' object is not callable");
    }
    if (args.length != keywords.length) {
      throw Py.TypeError(struct.type().name() + "() copies take keyword arguments only");
    }
    try {
      return new PyValue(struct.copyWith(Convert.keywords(args, keywords)));
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public PyObject __mod__(PyObject other) {
    try {
      return new PyValue(value.mod(Convert.toJava(other)));
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  /** Concatenation of a List value with another List value or a Python list (not in Pystachio, but harmless). */
  @Override
  public PyObject __add__(PyObject other) {
    if (!(value instanceof ListValue list)) {
      return null;
    }
    return new PyValue(list.concat(asList(list, other)));
  }

  @Override
  public PyObject __radd__(PyObject other) {
    if (!(value instanceof ListValue list)) {
      return null;
    }
    return new PyValue(asList(list, other).concat(list));
  }

  private static ListValue asList(ListValue like, PyObject other) {
    try {
      Object java = Convert.toJava(other);
      return java instanceof ListValue l ? l : like.type().create(java);
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public int __len__() {
    if (value instanceof ListValue list) {
      return list.size();
    }
    if (value instanceof MapValue map) {
      return map.size();
    }
    throw Py.TypeError("object of type '" + value.type().name() + "' has no len()");
  }

  @Override
  public boolean __nonzero__() {
    return !(value instanceof ListValue || value instanceof MapValue) || __len__() > 0;
  }

  @Override
  public PyObject __iter__() {
    PyList items = new PyList();
    if (value instanceof ListValue list) {
      for (int i = 0; i < list.size(); i++) {
        items.append(new PyValue(list.element(i)));
      }
    } else if (value instanceof MapValue map) {
      map.entries().keySet().forEach(key -> items.append(new PyValue(key)));
    } else {
      throw Py.TypeError("'" + value.type().name() + "' object is not iterable");
    }
    return items.__iter__();
  }

  @Override
  public PyObject __finditem__(PyObject key) {
    try {
      if (value instanceof ListValue list && key instanceof PyInteger index) {
        return new PyValue(list.element(index.getValue()));
      }
      if (value instanceof MapValue map) {
        Object wanted = Convert.toJava(key);
        for (Map.Entry<PValue, PValue> e : map.entries().entrySet()) {
          if (matches(e.getKey(), wanted)) {
            return new PyValue(e.getValue());
          }
        }
        return null;
      }
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
    throw Py.TypeError("'" + value.type().name() + "' object is not subscriptable by " + key.__repr__());
  }

  /** {@code x in list} / {@code x in map}: an equal element (or key), or one whose raw value is {@code x}. */
  @Override
  public boolean __contains__(PyObject item) {
    Object wanted = Convert.toJava(item);
    for (PyObject element : __iter__().asIterable()) {
      if (matches(((PyValue) element).value, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(PValue candidate, Object wanted) {
    return candidate.equals(wanted) || Objects.equals(candidate.get(), wanted)
        || Objects.equals(candidate.interpolate().value().get(), wanted);
  }

  @Override
  public PyObject __eq__(PyObject other) {
    return Py.newBoolean(other instanceof PyValue v && value.equals(v.value));
  }

  @Override
  public PyObject __ne__(PyObject other) {
    return Py.newBoolean(!(other instanceof PyValue v && value.equals(v.value)));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public PyString __str__() {
    try {
      return Py.newStringOrUnicode(value.str());
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public PyString __repr__() {
    try {
      return new PyString(value.repr());
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PyValue v && value.equals(v.value);
  }
}
