package dev.aurora.dsl.python;

import dev.aurora.dsl.pystachio.Empty;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.PystachioException;
import dev.aurora.dsl.pystachio.Ref;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyBoolean;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyFloat;
import org.python.core.PyInteger;
import org.python.core.PyList;
import org.python.core.PyLong;
import org.python.core.PyObject;
import org.python.core.PySequenceList;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PyTuple;
import org.python.core.PyXRange;

/** Moves values between Python objects and the engine's Java values, and engine errors into Python exceptions. */
final class Convert {
  /** The helper module's exception classes (CoercionError, ...) of the evaluation in progress; see AuroraNamespace. */
  private static final Map<String, PyObject> EXCEPTION_TYPES = new HashMap<>();

  private Convert() {}

  static void registerExceptionType(String pythonType, PyObject type) {
    EXCEPTION_TYPES.put(pythonType, type);
  }

  /** Python -> engine: str/int/long/float/bool, list/tuple, dict, engine values, Empty. */
  static Object toJava(PyObject o) {
    if (o instanceof PyValue v) {
      return v.value;
    }
    if (o == PyEmpty.INSTANCE) {
      return Empty.INSTANCE;
    }
    if (o instanceof PyNamable n) {
      return n.namable;
    }
    if (o instanceof PyString s) {
      return s.getString();
    }
    if (o instanceof PyBoolean b) {
      return b.getBooleanValue();
    }
    if (o instanceof PyInteger i) {
      return (long) i.getValue();
    }
    if (o instanceof PyLong l) {
      BigInteger big = l.getValue();
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (o instanceof PyFloat f) {
      return f.getValue();
    }
    if (o instanceof PySequenceList || o instanceof PyXRange) {
      List<Object> out = new ArrayList<>();
      for (PyObject item : o.asIterable()) {
        out.add(toJava(item));
      }
      return out;
    }
    if (o instanceof PyDictionary || o instanceof PyStringMap) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (PyObject key : o.asIterable()) {
        out.put(toJava(key), toJava(o.__getitem__(key)));
      }
      return out;
    }
    if (o == Py.None) {
      return null;
    }
    if (o instanceof PyEngineType t) {
      return t.type;
    }
    return o;
  }

  static PType type(PyObject o, String what) {
    if (o instanceof PyEngineType t) {
      return t.type;
    }
    throw Py.TypeError(what + " expects a Pystachio type, got " + o.__repr__());
  }

  /** Engine -> Python. Raw lists (from {@code get()}) become tuples and raw maps dicts, as Pystachio returned. */
  static PyObject toPy(Object o) {
    if (o == null || o == Empty.INSTANCE) {
      return PyEmpty.INSTANCE;
    }
    if (o instanceof PValue v) {
      return new PyValue(v);
    }
    if (o instanceof String s) {
      return Py.newStringOrUnicode(s);
    }
    if (o instanceof Boolean b) {
      return Py.newBoolean(b);
    }
    if (o instanceof Long || o instanceof Integer) {
      long l = ((Number) o).longValue();
      return l == (int) l ? Py.newInteger((int) l) : Py.newLong(l);
    }
    if (o instanceof BigInteger b) {
      return Py.newLong(b);
    }
    if (o instanceof Double || o instanceof Float) {
      return Py.newFloat(((Number) o).doubleValue());
    }
    if (o instanceof List<?> list) {
      PyObject[] items = new PyObject[list.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = toPy(list.get(i));
      }
      return new PyTuple(items);
    }
    if (o instanceof Map<?, ?> map) {
      PyDictionary dict = new PyDictionary();
      map.forEach((k, v) -> dict.__setitem__(toPy(k), toPy(v)));
      return dict;
    }
    if (o instanceof Ref ref) {
      return ref(ref);
    }
    if (o instanceof PType t) {
      return new PyEngineType(t);
    }
    return Py.java2py(o);
  }

  static PyObject ref(Ref ref) {
    String address = ref.toString();
    String bare = address.startsWith("{{") ? address.substring(2, address.length() - 2) : address;
    return new PyRecord(Map.of("address", new PyCallable("address", (a, k) -> new PyString(bare))),
        "Ref(" + bare + ")", "{{" + bare + "}}");
  }

  static PyList list(List<?> values) {
    PyList out = new PyList();
    values.forEach(v -> out.append(toPy(v)));
    return out;
  }

  /** Python's {@code **kw} of a call as an ordered map of engine values. */
  static Map<String, Object> keywords(PyObject[] args, String[] keywords) {
    Map<String, Object> out = new LinkedHashMap<>();
    int first = args.length - keywords.length;
    for (int i = 0; i < keywords.length; i++) {
      out.put(keywords[i], toJava(args[first + i]));
    }
    return out;
  }

  /** The positional part of a call, converted. */
  static List<Object> positional(PyObject[] args, String[] keywords) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < args.length - keywords.length; i++) {
      out.add(toJava(args[i]));
    }
    return out;
  }

  /** An engine error as the Python exception Pystachio raised; other Java errors pass through unchanged. */
  static RuntimeException toPython(RuntimeException e) {
    if (e instanceof PyException) {
      return e;
    }
    if (e instanceof PystachioException p) {
      PyObject type = switch (p.pythonType()) {
        case "ValueError" -> Py.ValueError;
        case "TypeError" -> Py.TypeError;
        case "AttributeError" -> Py.AttributeError;
        case "IndexError" -> Py.IndexError;
        default -> EXCEPTION_TYPES.getOrDefault(p.pythonType(), Py.ValueError);
      };
      return new PyException(type, Py.newStringOrUnicode(p.getMessage()));
    }
    if (e instanceof IndexOutOfBoundsException) {
      return Py.IndexError(e.getMessage());
    }
    return e;
  }
}
