package dev.aurora.dsl.python;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.ConfigException;
import dev.aurora.dsl.EvaluationPolicy;
import dev.aurora.dsl.loader.ConfigSources;
import dev.aurora.dsl.loader.IncludeRefusedException;
import java.io.IOException;
import java.lang.ref.Reference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.python.core.Py;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PySequenceList;
import org.python.core.PyStringMap;
import org.python.core.PySystemState;

/**
 * Runs one `.aurora` file the way Aurora's loader did: Python 2, the Aurora names pre-defined, {@code include()}
 * executing another file (relative to the including one) in the same namespace, {@code os.getenv} over the
 * caller's environment. The result is the file's global namespace.
 */
public final class ConfigExecution {
  /** Aurora had no include-once guard; a cycle would recurse until the stack ran out. */
  private static final int MAX_INCLUDE_DEPTH = 50;
  private static volatile AuroraNamespace namespace;

  private final PythonRuntime runtime;
  private final ConfigSources sources;
  private final Deque<String> including = new ArrayDeque<>();
  private final Set<String> files = new LinkedHashSet<>();

  private ConfigExecution(PythonRuntime runtime, ConfigSources sources) {
    this.runtime = runtime;
    this.sources = sources;
  }

  /** Executes {@code rootFile}; call under {@link PythonRuntime#LOCK}. */
  public static PyStringMap run(String rootFile, ConfigSources sources, Map<String, String> environment,
                                EvaluationPolicy policy) {
    PythonRuntime runtime = PythonRuntime.get();
    AuroraNamespace names = names();
    PySystemState state = runtime.begin(policy, environment);
    try {
      return execute(runtime, names.fresh(runtime, state, policy), rootFile, sources);
    } finally {
      // Jython's thread state refers to its system state only weakly, and under the sandbox policy nothing else the
      // evaluation holds refers to this one. Once the JIT drops the local, a collection mid-evaluation made Jython
      // fall back to its default state: `import os` then found the real os (the worker's empty environment, or the
      // sandbox refusing its native set-up) instead of ours.
      Reference.reachabilityFence(state);
      runtime.end();
    }
  }

  private static PyStringMap execute(PythonRuntime runtime, PyStringMap globals, String rootFile,
                                     ConfigSources sources) {
    ConfigExecution execution = new ConfigExecution(runtime, sources);
    SourceSites.start(execution.files);
    globals.__setitem__("include", new PyCallable("include", (a, k) -> {
      execution.include(a.length == 1 && k.length == 0 ? a[0].toString() : null, globals);
      return Py.None;
    }));
    String text;
    try {
      text = sources.read(rootFile);
    } catch (IOException e) {
      throw new ConfigException(ConfigError.of(rootFile, "Could not load resource " + rootFile));
    }
    try {
      execution.execute(rootFile, text, globals);
    } catch (PyException e) {
      throw new ConfigException(PythonErrors.describe(e, rootFile, execution.files));
    }
    return globals;
  }

  private static AuroraNamespace names() {
    AuroraNamespace names = namespace;
    if (names == null) {
      synchronized (ConfigExecution.class) {
        names = namespace;
        if (names == null) {
          names = new AuroraNamespace();
          namespace = names;
        }
      }
    }
    return names;
  }

  private void execute(String file, String text, PyStringMap globals) {
    files.add(file);
    including.push(file);
    try {
      runtime.exec(runtime.compile(text, file), globals);
    } finally {
      including.pop();
    }
  }

  private void include(String path, PyStringMap globals) {
    if (path == null) {
      throw Py.TypeError("include() takes exactly one argument, a file path");
    }
    String resolved = sources.resolveInclude(including.peek(), path);
    if (including.size() >= MAX_INCLUDE_DEPTH) {
      throw Py.RuntimeError("include() nested more than " + MAX_INCLUDE_DEPTH + " files deep, an include cycle? "
          + String.join(" <- ", including));
    }
    String text;
    try {
      text = sources.read(resolved);
    } catch (IncludeRefusedException e) {
      throw Py.IOError(e.getMessage());
    } catch (IOException e) {
      throw Py.IOError("[Errno 2] No such file or directory: '" + resolved + "'");
    }
    execute(resolved, text, globals);
  }

  /**
   * The file's {@code jobs} list: engine values for Pystachio objects, a Python {@code repr} string for anything
   * else (so the caller can say what was found instead of a Job). Empty when {@code jobs} is not defined.
   */
  public static List<Object> jobs(PyStringMap globals, String rootFile) {
    PyObject jobs = globals.__finditem__("jobs");
    List<Object> out = new ArrayList<>();
    if (jobs == null) {
      return out;
    }
    if (!(jobs instanceof PySequenceList)) {
      throw new ConfigException(rootFile, "jobs", "jobs must be a list of Job objects, got " + jobs.__repr__());
    }
    for (PyObject job : jobs.asIterable()) {
      out.add(job instanceof PyValue v ? v.value : job.__repr__().toString());
    }
    return out;
  }
}
