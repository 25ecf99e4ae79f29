package dev.aurora.dsl.loader;

import java.util.ArrayDeque;
import java.util.Deque;

/** POSIX path arithmetic on plain strings, so named (in-memory) files and real files resolve alike. */
final class PathNames {
  private PathNames() {}

  static String joinToDirectoryOf(String file, String path) {
    if (path.startsWith("/")) {
      return normalise(path);
    }
    int slash = file.lastIndexOf('/');
    String dir = slash < 0 ? "" : file.substring(0, slash + 1);
    return normalise(dir + path);
  }

  static String normalise(String path) {
    boolean absolute = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
        parts.removeLast();
      } else if (!(part.equals("..") && absolute)) {
        parts.addLast(part);
      }
    }
    String joined = String.join("/", parts);
    return absolute ? "/" + joined : joined;
  }
}
