package dev.aurora.dsl.python;

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
import org.python.core.PyFile;
import org.python.core.PyModule;
import org.python.core.PyObject;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;

/**
 * The one Jython runtime of this JVM. Starting Jython and compiling Python to JVM bytecode are the slow parts of
 * an evaluation, so the system state, the helper module and compiled config code are kept warm and reused;
 * every evaluation still gets a fresh namespace of its own.
 *
 * <p>Evaluations run one at a time ({@link #LOCK}): they share the interpreter state, and the {@code os} module a
 * config sees is switched to the environment of the evaluation in progress.
 */
public final class PythonRuntime {
  public static final Object LOCK = new Object();
  private static final int CODE_CACHE_ENTRIES = 256;
  private static volatile PythonRuntime instance;

  private final PySystemState state;
  private final PyModule configOs;
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
    state = new PySystemState();
    // A config's print statements go to stderr: stdout carries inspect's output (and --json must stay JSON).
    state.stdout = new PyFile(System.err);
    Py.setSystemState(state);
    configOs = environmentOnlyOs();
    state.modules.__setitem__("os", configOs);
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
    Py.setSystemState(runtime.state);
    return runtime;
  }

  /**
   * Our own {@code os} module (resource {@code config_os.py}): the evaluation's environment and path arithmetic,
   * so {@code os.getenv('USER')} and {@code getpass.getuser()} read what the caller supplied, never this process.
   */
  private PyModule environmentOnlyOs() {
    PyModule module = new PyModule("os");
    PyObject globals = module.__getattr__("__dict__");
    Py.runCode(compile(resource("config_os.py"), "<aurora os>"), globals, globals);
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

  /** Installs {@code environment} as {@code os.environ} (with {@code getenv} reading it) for the next evaluation. */
  void useEnvironment(Map<String, String> environment) {
    PyDictionary environ = new PyDictionary();
    environment.forEach((k, v) -> environ.__setitem__(Py.newStringOrUnicode(k), Py.newStringOrUnicode(v)));
    configOs.__setattr__("environ", environ);
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

  PySystemState state() {
    return state;
  }
}
