package dev.aurora.dsl.python;

import dev.aurora.dsl.EvaluationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.python.core.CompileMode;
import org.python.core.CompilerFlags;
import org.python.core.Py;
import org.python.core.PyCode;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyFile;
import org.python.core.PyFrame;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;

/**
 * The one Jython runtime of this JVM. Starting Jython and compiling Python to JVM bytecode are the slow parts of
 * an evaluation, so both happen once (compiled code is cached by text). Each evaluation then runs in a system
 * state of its own: fresh module table, its own copy of the builtins (restricted by the request's
 * {@link EvaluationPolicy}), its own {@code os} over the request's environment. Nothing a config patches survives it.
 *
 * <p>Evaluations run one at a time ({@link #LOCK}).
 */
public final class PythonRuntime {
  public static final Object LOCK = new Object();
  private static final int CODE_CACHE_ENTRIES = 256;
  private static volatile PythonRuntime instance;

  private final PySystemState base;
  private final Map<String, PyCode> compiled = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PyCode> eldest) {
      return size() > CODE_CACHE_ENTRIES;
    }
  };

  private PythonRuntime() {
    Properties properties = new Properties();
    properties.setProperty("python.import.site", "false");
    properties.setProperty("python.cachedir.skip", "true");
    properties.setProperty("python.console.encoding", "UTF-8");
    properties.setProperty("python.verbose", "warning");
    PySystemState.initialize(System.getProperties(), properties, new String[0]);
    base = new PySystemState();
    base.stdout = new PyFile(System.err);
    Py.setSystemState(base);
  }

  public static PythonRuntime get() {
    PythonRuntime runtime = instance;
    if (runtime == null) {
      synchronized (PythonRuntime.class) {
        runtime = instance;
        if (runtime == null) {
          runtime = new PythonRuntime();
          instance = runtime;
        }
      }
    }
    Py.setSystemState(runtime.base);
    return runtime;
  }

  /**
   * Makes a fresh system state current for one evaluation. The recursion limit is the one set on the base state
   * (the sandbox sets it there), print goes to stderr (stdout carries inspect's output, --json must stay JSON).
   */
  PySystemState begin(EvaluationPolicy policy, Map<String, String> environment) {
    PySystemState state = new PySystemState();
    state.setrecursionlimit(base.getrecursionlimit());
    state.stdout = new PyFile(System.err);
    state.setBuiltins(builtins(policy));
    Py.setSystemState(state);
    state.modules.__setitem__("os", configOs(environment));
    return state;
  }

  void end() {
    Py.setSystemState(base);
  }

  private PyStringMap builtins(EvaluationPolicy policy) {
    PyObject defaults = PySystemState.getDefaultBuiltins();
    PyStringMap builtins = new PyStringMap();
    for (PyObject name : defaults.asIterable()) {
      builtins.__setitem__(name, defaults.__getitem__(name));
    }
    for (String name : policy.withheldBuiltins()) {
      builtins.__setitem__(name, new PyCallable(name, (a, k) -> {
        throw Py.RuntimeError(name + "() is not available in a .aurora file");
      }));
    }
    if (policy.allowedImports() != null) {
      PyObject realImport = defaults.__finditem__("__import__");
      builtins.__setitem__("__import__", new PyCallable("__import__", (args, keywords) -> {
        checkImport(policy, args.length > 0 ? args[0].toString() : "", args, keywords);
        return realImport.__call__(args, keywords);
      }));
    }
    return builtins;
  }

  /**
   * Imports written in a config (or in code it evals) must name an allowed module; the standard library's own
   * imports (json importing re, ...) are not second-guessed, so the caller's frame decides.
   */
  private static void checkImport(EvaluationPolicy policy, String name, PyObject[] args, String[] keywords) {
    PyFrame caller = Py.getFrame();
    String file = caller == null || caller.f_code == null ? "" : caller.f_code.co_filename;
    if (file.startsWith("__pyclasspath__/") || file.contains("/Lib/") || file.startsWith("<aurora ")) {
      return;
    }
    int level = args.length - keywords.length > 4 ? args[4].asInt() : 0;
    String module = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (level > 0 || !policy.allowsImport(module)) {
      throw new PyException(Py.ImportError, Py.newString("import of '" + name + "' is not allowed in a .aurora file"));
    }
  }

  /**
   * Our own {@code os} module (resource {@code config_os.py}): the evaluation's environment and path arithmetic,
   * so {@code os.getenv('USER')} and {@code getpass.getuser()} read what the caller supplied, never this process.
   * (Jython's real os would also expose the machine and cost ~0.6 s of start-up.)
   */
  private PyModule configOs(Map<String, String> environment) {
    PyModule module = new PyModule("os");
    PyObject globals = module.__getattr__("__dict__");
    Py.runCode(compile(resource("config_os.py"), "<aurora os>"), globals, globals);
    PyDictionary environ = new PyDictionary();
    environment.forEach((k, v) -> environ.__setitem__(Py.newStringOrUnicode(k), Py.newStringOrUnicode(v)));
    module.__setattr__("environ", environ);
    return module;
  }

  static String resource(String name) {
    try (InputStream in = PythonRuntime.class.getResourceAsStream("/dev/aurora/dsl/python/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles Python 2 source (no __future__ flags, so {@code 1/4 == 0}), reusing code compiled before. */
  PyCode compile(String source, String fileName) {
    String key = fileName + '\0' + source;
    PyCode code = compiled.get(key);
    if (code == null) {
      code = Py.compile_flags(source, fileName, CompileMode.exec, new CompilerFlags());
      compiled.put(key, code);
    }
    return code;
  }

  void exec(PyCode code, PyStringMap namespace) {
    Py.runCode(code, namespace, namespace);
  }

}
