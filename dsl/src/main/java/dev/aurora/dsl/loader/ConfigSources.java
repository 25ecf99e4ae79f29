package dev.aurora.dsl.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where `.aurora` text comes from. The CLI reads the real file system; the sandboxed evaluator (issue 4) passes
 * the job's files as a map of names to text, so {@code include()} can never leave that set.
 */
public interface ConfigSources {

  /** The text of a file named as {@link #resolveInclude} or the request's root file name returned it. */
  String read(String name) throws IOException;

  /**
   * Aurora joined an include path onto the directory of the including file (absolute paths stay absolute),
   * so nested includes resolve relative to the nested file.
   */
  default String resolveInclude(String includingFile, String includePath) {
    return PathNames.joinToDirectoryOf(includingFile, includePath);
  }

  static ConfigSources fileSystem() {
    return name -> Files.readString(Path.of(name), StandardCharsets.UTF_8);
  }

  /**
   * Only the given files exist; names are compared after normalising {@code .} and {@code ..} segments, and a name
   * that climbs above them or is absolute is refused outright, so the error says why rather than "no such file".
   */
  static ConfigSources named(Map<String, String> files) {
    Map<String, String> normalised = new java.util.HashMap<>();
    files.forEach((name, text) -> normalised.put(PathNames.normalise(name), text));
    return name -> {
      String path = PathNames.normalise(name);
      if (path.startsWith("/") || path.equals("..") || path.startsWith("../")) {
        throw new IncludeRefusedException(name);
      }
      String text = normalised.get(path);
      if (text == null) {
        throw new NoSuchFileException(name);
      }
      return text;
    };
  }
}
