package dev.aurora.dsl.python;

import dev.aurora.dsl.EvaluationPolicy;
import dev.aurora.dsl.pystachio.ChoiceType;
import dev.aurora.dsl.pystachio.EnumType;
import dev.aurora.dsl.pystachio.Environment;
import dev.aurora.dsl.pystachio.FieldSpec;
import dev.aurora.dsl.pystachio.ListType;
import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.PType;
import dev.aurora.dsl.pystachio.Ref;
import dev.aurora.dsl.pystachio.ScalarType;
import dev.aurora.dsl.pystachio.StructType;
import dev.aurora.dsl.schema.AuroraSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;
import org.python.core.PyTuple;

/**
 * The names a `.aurora` file sees without importing anything (AURORA.md §2.1): Pystachio's types and factories,
 * the whole Aurora schema with its constants, and Aurora's helpers. Built once per JVM; each evaluation gets a
 * fresh copy so one config cannot leak into the next.
 */
final class AuroraNamespace {
  /** Module names that `from pystachio import *` leaked into Aurora's namespace; configs never use them. */
  private static final List<String> LEAKED_MODULES = List.of(
      "base", "basic", "choice", "compatibility", "composite", "config", "container", "naming", "parsing", "typing");

  private final Map<String, PyObject> names;

  /** The Java-backed names (types, factories, schema): immutable from Python, so shared by all evaluations. */
  AuroraNamespace() {
    Map<String, PyObject> all = new LinkedHashMap<>();
    pystachioNames(all);
    AuroraSchema.globals().forEach((name, value) -> all.put(name, Convert.toPy(value)));
    LEAKED_MODULES.forEach(module -> all.put(module, placeholder("<module 'pystachio." + module + "'>")));
    names = Map.copyOf(all);
  }

  /**
   * A new globals dict holding every injected name. The Python helpers are executed anew for each evaluation
   * (from cached bytecode, well under a millisecond) so that a config patching {@code Tasks.concat} or
   * {@code Struct} affects only itself. Call with the evaluation's system state current.
   */
  PyStringMap fresh(PythonRuntime runtime, PySystemState state, EvaluationPolicy policy) {
    PyStringMap namespace = new PyStringMap();
    // Frames take their builtins from globals['__builtins__'] when it is there. Without it, the very first
    // evaluation in a JVM ran with Jython's default builtins (found by SandboxPolicyTest run on its own), so the
    // import policy and the withheld builtins did not apply to it.
    namespace.__setitem__("__builtins__", state.getBuiltins());
    names.forEach((name, value) -> namespace.__setitem__(name, value));
    helpers(runtime, namespace);
    namespace.__setitem__("sys", policy.allowedImports() == null ? state : placeholder("<module 'sys'>"));
    return namespace;
  }

  private static void pystachioNames(Map<String, PyObject> out) {
    out.put("String", new PyEngineType(ScalarType.STRING));
    out.put("Integer", new PyEngineType(ScalarType.INTEGER));
    out.put("Float", new PyEngineType(ScalarType.FLOAT));
    out.put("Boolean", new PyEngineType(ScalarType.BOOLEAN));
    out.put("Empty", PyEmpty.INSTANCE);
    out.put("List", new PyCallable("List", (a, k) -> new PyEngineType(ListType.of(Convert.type(only(a, k, 1)[0], "List")))));
    out.put("Map", new PyCallable("Map", (a, k) -> {
      PyObject[] kv = only(a, k, 2);
      return new PyEngineType(MapType.of(Convert.type(kv[0], "Map"), Convert.type(kv[1], "Map")));
    }));
    out.put("Enum", new PyCallable("Enum", AuroraNamespace::enumType));
    out.put("Choice", new PyCallable("Choice", AuroraNamespace::choiceType));
    out.put("Required", new PyCallable("Required",
        (a, k) -> new PyFieldSpec(FieldSpec.required(Convert.type(only(a, k, 1)[0], "Required")))));
    out.put("Default", new PyCallable("Default", (a, k) -> {
      PyObject[] args = only(a, k, 2);
      return new PyFieldSpec(FieldSpec.withDefault(Convert.type(args[0], "Default"), Convert.toJava(args[1])));
    }));
    out.put("Environment", new PyCallable("Environment", (a, k) -> {
      List<Object> sources = new ArrayList<>(Convert.positional(a, k));
      sources.add(Convert.keywords(a, k));
      return new PyNamable(Environment.of(sources.toArray()));
    }));
    out.put("Ref", new PyRecord(Map.of("from_address", new PyCallable("from_address",
        (a, k) -> Convert.ref(Ref.parse(only(a, k, 1)[0].toString())))), "<class 'pystachio.naming.Ref'>", "Ref"));
    for (String name : List.of("MustacheParser", "Namable", "Type", "TypeCheck", "TypeFactory")) {
      out.put(name, placeholder("<class 'pystachio." + name + "'>"));
    }
  }

  private static PyObject enumType(PyObject[] args, String[] keywords) {
    List<Object> values = Convert.positional(args, keywords);
    if (values.size() == 2 && values.get(1) instanceof List<?> named) {
      return new PyEngineType(EnumType.named(String.valueOf(values.get(0)), named.stream().map(String::valueOf).toList()));
    }
    return new PyEngineType(EnumType.of(values.stream().map(String::valueOf).toList()));
  }

  private static PyObject choiceType(PyObject[] args, String[] keywords) {
    PyObject[] given = args.length == 2 ? only(args, keywords, 2) : only(args, keywords, 1);
    List<PType> alternatives = new ArrayList<>();
    for (PyObject alternative : given[given.length - 1].asIterable()) {
      alternatives.add(Convert.type(alternative, "Choice"));
    }
    return new PyEngineType(given.length == 2
        ? ChoiceType.named(given[0].toString(), alternatives) : ChoiceType.of(alternatives));
  }

  private static PyObject[] only(PyObject[] args, String[] keywords, int count) {
    if (keywords.length > 0 || args.length != count) {
      throw Py.TypeError("expected exactly " + count + " positional argument(s), got " + args.length);
    }
    return args;
  }

  private static PyObject placeholder(String repr) {
    return new PyRecord(Map.of(), repr, repr);
  }

  /** Runs the helper module with the engine primitives it builds on, then adds its public names. */
  private static void helpers(PythonRuntime runtime, PyStringMap namespace) {
    PyStringMap module = new PyStringMap();
    module.__setitem__("__name__", new PyString("aurora_helpers"));
    for (String name : List.of("Empty", "Constraint", "Process", "Resources", "Task", "GB")) {
      module.__setitem__(name, namespace.__finditem__(name));
    }
    module.__setitem__("_define_struct", new PyCallable("_define_struct", AuroraNamespace::defineStruct));
    module.__setitem__("_is_field", new PyCallable("_is_field",
        (a, k) -> Py.newBoolean(a[0] instanceof PyFieldSpec || a[0] instanceof PyEngineType)));
    module.__setitem__("_is_instance", new PyCallable("_is_instance",
        (a, k) -> Py.newBoolean(a[1] instanceof PyValue v && Convert.type(a[0], "isinstance").isInstance(v.value))));
    runtime.exec(runtime.compile(PythonRuntime.resource("aurora_helpers.py"), "<aurora helpers>"), module);
    for (PyObject key : module.keys().asIterable()) {
      String name = key.toString();
      if (!name.startsWith("_") && namespace.__finditem__(name) == null) {
        namespace.__setitem__(name, module.__getitem__(key));
      }
    }
    for (String name : List.of("CoercionError", "Uninterpolatable", "InvalidRefError")) {
      Convert.registerExceptionType(name, module.__getitem__(name));
    }
  }

  /** {@code class X(Struct)}: the field declarations (name, Required/Default/bare type) become an engine type. */
  private static PyObject defineStruct(PyObject[] args, String[] keywords) {
    String name = args[0].toString();
    List<PyTuple> declared = new ArrayList<>();
    for (PyObject field : args[1].asIterable()) {
      declared.add((PyTuple) field);
    }
    declared.sort(Comparator.comparing(t -> t.__getitem__(0).toString()));
    LinkedHashMap<String, FieldSpec> fields = new LinkedHashMap<>();
    for (PyTuple field : declared) {
      PyObject declaration = field.__getitem__(1);
      fields.put(field.__getitem__(0).toString(), declaration instanceof PyFieldSpec spec
          ? spec.spec : FieldSpec.optional(Convert.type(declaration, "Struct field")));
    }
    return new PyEngineType(StructType.define(name, fields));
  }
}
