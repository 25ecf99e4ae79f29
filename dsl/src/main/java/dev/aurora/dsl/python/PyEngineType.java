package dev.aurora.dsl.python;

import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyTuple;

/**
 * A Pystachio type as Python sees it: calling it builds a value ({@code Process(name='x')}, {@code Integer('3')},
 * {@code Task({'name': 't'}, processes=[...])}).
 */
final class PyEngineType extends PyObject {
  private static final long serialVersionUID = 1L;
  final transient PType type;

  PyEngineType(PType type) {
    this.type = type;
  }

  @Override
  public PyObject __call__(PyObject[] args, String[] keywords) {
    try {
      List<Object> positional = Convert.positional(args, keywords);
      Map<String, Object> kw = Convert.keywords(args, keywords);
      if (type instanceof StructType struct) {
        return new PyValue(struct.construct(positional, kw));
      }
      if (type instanceof MapType map && kw.isEmpty() && (positional.size() != 1 || args[0] instanceof PyTuple)) {
        // Map(K, V)(('a', 1), ('b', 2)): pairs as separate arguments
        List<List<?>> pairs = new ArrayList<>();
        for (Object pair : positional) {
          pairs.add(pair instanceof List<?> l ? l : List.of(pair));
        }
        return new PyValue(map.fromPairs(pairs));
      }
      if (positional.size() != 1 || !kw.isEmpty()) {
        throw Py.TypeError(type.name() + "() takes exactly 1 positional argument (" + positional.size()
            + " given" + (kw.isEmpty() ? "" : " and keywords " + kw.keySet()) + ")");
      }
      return new PyValue(type.create(positional.get(0)));
    } catch (RuntimeException e) {
      throw Convert.toPython(e);
    }
  }

  @Override
  public PyObject __findattr_ex__(String name) {
    return switch (name) {
      case "__name__" -> new PyString(type.name());
      case "serialize_type" -> new PyCallable(name, (a, k) -> Convert.toPy(type.serialize()));
      default -> super.__findattr_ex__(name);
    };
  }

  @Override
  public PyString __repr__() {
    return new PyString("<class '" + type.name() + "'>");
  }

  @Override
  public PyString __str__() {
    return __repr__();
  }
}
