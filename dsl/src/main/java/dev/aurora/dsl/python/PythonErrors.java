package dev.aurora.dsl.python;

import dev.aurora.dsl.ConfigError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.python.core.Py;
import org.python.core.PyBaseException;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PyTraceback;
import org.python.core.PyType;

/**
 * Turns a Python exception from a config into one paragraph: where (the innermost line of a config file, and
 * the include lines that led there) and what ({@code NameError: name 'Proces' is not defined}). Frames of our
 * own helper code are not shown; the user's call into them is.
 */
final class PythonErrors {
  private PythonErrors() {}

  record Frame(String file, int line) {}

  static ConfigError describe(PyException e, String rootFile, Set<String> configFiles) {
    e.normalize();
    String what = typeName(e.type) + ": " + oneLine(message(e));
    List<Frame> frames = configFrames(e, configFiles);
    if (e.match(Py.SyntaxError)) {
      PyObject file = e.value.__findattr__("filename");
      PyObject line = e.value.__findattr__("lineno");
      PyObject msg = e.value.__findattr__("msg");
      String where = file == null || file == Py.None ? rootFile : file.toString();
      frames.add(new Frame(where, line == null || line == Py.None ? 0 : line.asInt()));
      what = "SyntaxError: " + oneLine(msg == null || msg == Py.None ? message(e) : msg.toString());
    }
    if (frames.isEmpty()) {
      return new ConfigError(rootFile, 0, "", what);
    }
    Frame innermost = frames.get(frames.size() - 1);
    StringBuilder message = new StringBuilder(what);
    for (int i = frames.size() - 2; i >= 0; i--) {
      Frame outer = frames.get(i);
      message.append(i == frames.size() - 2 ? " (reached from " : ", from ")
          .append(outer.file()).append(", line ").append(outer.line());
      if (i == 0) {
        message.append(')');
      }
    }
    return new ConfigError(innermost.file(), innermost.line(), "", message.toString());
  }

  /** Traceback frames that belong to config files, outermost first, consecutive repeats of a file collapsed. */
  private static List<Frame> configFrames(PyException e, Set<String> configFiles) {
    List<Frame> frames = new ArrayList<>();
    PyObject tb = e.traceback;
    while (tb instanceof PyTraceback traceback) {
      String file = traceback.tb_frame.f_code.co_filename;
      if (configFiles.contains(file)) {
        Frame frame = new Frame(file, traceback.tb_lineno);
        if (!frames.isEmpty() && frames.get(frames.size() - 1).file().equals(file)) {
          frames.set(frames.size() - 1, frame);
        } else {
          frames.add(frame);
        }
      }
      tb = traceback.tb_next;
    }
    return frames;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  private static String typeName(PyObject type) {
    if (type instanceof PyType t) {
      String name = t.getName();
      return name.startsWith("exceptions.") ? name.substring(11) : name;
    }
    return type.toString();
  }

  private static String message(PyException e) {
    if (e.value instanceof PyBaseException base) {
      PyObject args = base.args;
      if (args.__len__() == 1) {
        return args.__getitem__(0).toString();
      }
    }
    return e.value == null || e.value == Py.None ? "" : e.value.toString();
  }
}
