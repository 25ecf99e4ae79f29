package dev.aurora.mesos.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One simulated agent's files API, {@code /files/read} and {@code /files/browse} at the root of the agent's address,
 * as a Mesos agent's files process serves them to the web UI and to tools. Directories are attached under virtual
 * paths; a request's path resolves by its longest attached prefix, and a suffix below an attached directory must stay
 * inside it. What the answers look like, as Mesos 1.x has them:
 *
 * <ul>
 *   <li>{@code read?path=P[&offset=O][&length=L]}: {@code 200 {"data": "...", "offset": O}} (keys in that order, the
 *       data the file's bytes from O, at most L and at most 16 pages); {@code offset=-1} (or no offset) answers
 *       {@code {"data": "", "offset": <file size>}}; an offset at or past the end gives empty data and the asked
 *       offset back; {@code length=-1} is the same as no length.
 *   <li>{@code browse?path=P}: {@code 200 [FileInfo...]} sorted by name, each {@code path, nlink, size, mtime
 *       (seconds), mode ("drwxr-xr-x"), uid, gid} (names); a file (not a directory) lists as {@code []}.
 *   <li>{@code 400} with a plain-text reason for a missing or empty path ("Expecting 'path=value' in query."), an
 *       unparsable or negative (below -1) offset or length, reading a directory ("Cannot read a directory."), a path
 *       escaping its attached directory; {@code 404} with an empty body for a path nothing resolves to.
 *   <li>{@code jsonp=F} wraps the JSON as {@code F(...)} with {@code Content-Type: text/javascript}.
 * </ul>
 */
public final class AgentFiles implements AutoCloseable {
  /** Mesos caps one read at 16 pages. */
  static final int MAX_READ = 16 * 4096;

  private final Map<String, Path> attached = new ConcurrentHashMap<>();
  private HttpServer server;
  private URI url;

  /** Starts serving on a free local port. */
  synchronized AgentFiles start(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/files/read", ex -> serve(ex, true));
    server.createContext("/files/browse", ex -> serve(ex, false));
    server.setExecutor(null);
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return this;
  }

  /** The agent's address, e.g. {@code http://127.0.0.1:40123}; the API is under {@code /files/}. */
  public URI url() {
    return url;
  }

  /**
   * Makes {@code directory} (or file) readable at {@code virtualPath}, as the agent's {@code files->attach}: the real
   * path is canonicalised, a trailing slash of the virtual path dropped, and a previous attachment replaced.
   */
  public void attach(Path directory, String virtualPath) throws IOException {
    Path real = directory.toRealPath();
    String cleaned = virtualPath;
    while (cleaned.endsWith("/")) {
      cleaned = cleaned.substring(0, cleaned.length() - 1);
    }
    attached.put(cleaned, real);
  }

  public void detach(String virtualPath) {
    attached.remove(virtualPath);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  // ---- resolution -----------------------------------------------------------------------------------------------

  /** The outcome of resolving a virtual path: a real path, nothing (404), or an error (400). */
  private record Resolved(Path path, String error) {
  }

  private Resolved resolve(String virtualPath) {
    String trimmed = virtualPath;
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    List<String> tokens = new ArrayList<>(List.of(trimmed.split("/", -1)));
    String suffix = "";
    while (!tokens.isEmpty()) {
      String prefix = String.join("/", tokens);
      Path base = attached.get(prefix);
      if (base == null) {
        String last = tokens.remove(tokens.size() - 1);
        suffix = suffix.isEmpty() ? last : last + "/" + suffix;
        continue;
      }
      if (Files.isDirectory(base)) {
        Path joined = suffix.isEmpty() ? base : Path.of(base + "/" + suffix);
        Path real;
        try {
          real = joined.toRealPath();
        } catch (NoSuchFileException e) {
          return new Resolved(null, null);
        } catch (IOException e) {
          return new Resolved(null, "Failed to determine canonical path of '" + joined + "': " + e.getMessage());
        }
        if (!real.toString().startsWith(base.toString())) {
          return new Resolved(null, "'" + joined + "' is inaccessible");
        }
        return new Resolved(real, null);
      }
      // An attached file: only its own path names it.
      return suffix.isEmpty() ? new Resolved(base, null) : new Resolved(null, null);
    }
    return new Resolved(null, null);
  }

  // ---- HTTP -----------------------------------------------------------------------------------------------------

  private void serve(HttpExchange ex, boolean read) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
    }
    try {
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      if (read) {
        read(ex, query);
      } else {
        browse(ex, query);
      }
    } catch (IllegalArgumentException e) {
      text(ex, 400, e.getMessage());
    } catch (RuntimeException e) {
      text(ex, 500, e.toString());
    }
  }

  private void read(HttpExchange ex, Map<String, String> query) throws IOException {
    String path = requiredPath(query);
    Long offsetParam = queryNumber(query, "offset");
    Long lengthParam = queryNumber(query, "length");
    long offset = offsetParam == null ? -1 : offsetParam;
    Long length = lengthParam == null || lengthParam == -1 ? null : lengthParam;
    // offset -1 asks for the size: a read of nothing at 0, answered with the size as the offset.
    long from = offset == -1 ? 0 : offset;
    if (offset == -1) {
      length = 0L;
    }
    Path file = attached(ex, path);
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      text(ex, 400, "Cannot read a directory.\n");
      return;
    }
    byte[] data;
    long size;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      long wanted = from >= size ? 0 : length == null ? size - from : length;
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(wanted, MAX_READ));
      while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
        // read up to the length or the end of the file
      }
      data = java.util.Arrays.copyOf(buffer.array(), buffer.position());
    } catch (IOException e) {
      text(ex, 500, "Failed to open file at '" + file + "': " + e.getMessage() + ".\n");
      return;
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream(data.length + 32);
    json.writeBytes("{\"data\":".getBytes(StandardCharsets.US_ASCII));
    writeJsonString(json, data);
    json.writeBytes((",\"offset\":" + (offset == -1 ? size : offset) + "}").getBytes(StandardCharsets.US_ASCII));
    ok(ex, json.toByteArray(), query.get("jsonp"));
  }

  private void browse(HttpExchange ex, Map<String, String> query) throws IOException {
    String path = requiredPath(query);
    Path target = attached(ex, path);
    if (target == null) {
      return;
    }
    TreeMap<String, String> listing = new TreeMap<>();
    if (Files.isDirectory(target)) {
      try (Stream<Path> entries = Files.list(target)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          String virtual = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/"
              + entry.getFileName();
          try {
            listing.put(entry.toString(), fileInfo(virtual, entry));
          } catch (IOException e) {
            // listed but gone before its stat, as Mesos skips such entries
          }
        }
      }
    }
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    json.write('[');
    boolean first = true;
    for (String info : listing.values()) {
      if (!first) {
        json.write(',');
      }
      first = false;
      json.writeBytes(info.getBytes(StandardCharsets.UTF_8));
    }
    json.write(']');
    ok(ex, json.toByteArray(), query.get("jsonp"));
  }

  /** One entry as Mesos models a FileInfo (stat follows links, as Mesos' stat does); keys in sorted order. */
  private static String fileInfo(String virtualPath, Path entry) throws IOException {
    PosixFileAttributes attrs = Files.readAttributes(entry, PosixFileAttributes.class);
    Object nlink = Files.getAttribute(entry, "unix:nlink");
    StringBuilder mode = new StringBuilder();
    mode.append(attrs.isDirectory() ? 'd' : attrs.isOther() ? fileType(entry) : '-');
    Set<PosixFilePermission> p = attrs.permissions();
    mode.append(p.contains(PosixFilePermission.OWNER_READ) ? 'r' : '-')
        .append(p.contains(PosixFilePermission.OWNER_WRITE) ? 'w' : '-')
        .append(p.contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : '-')
        .append(p.contains(PosixFilePermission.GROUP_READ) ? 'r' : '-')
        .append(p.contains(PosixFilePermission.GROUP_WRITE) ? 'w' : '-')
        .append(p.contains(PosixFilePermission.GROUP_EXECUTE) ? 'x' : '-')
        .append(p.contains(PosixFilePermission.OTHERS_READ) ? 'r' : '-')
        .append(p.contains(PosixFilePermission.OTHERS_WRITE) ? 'w' : '-')
        .append(p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 'x' : '-');
    ByteArrayOutputStream path = new ByteArrayOutputStream();
    writeJsonString(path, virtualPath.getBytes(StandardCharsets.UTF_8));
    return "{\"gid\":" + quoted(attrs.group().getName()) + ",\"mode\":\"" + mode + "\",\"mtime\":"
        + attrs.lastModifiedTime().toMillis() / 1000 + ",\"nlink\":" + nlink + ",\"path\":"
        + path.toString(StandardCharsets.UTF_8) + ",\"size\":" + attrs.size() + ",\"uid\":"
        + quoted(attrs.owner().getName()) + "}";
  }

  private static char fileType(Path entry) throws IOException {
    int mode = (Integer) Files.getAttribute(entry, "unix:mode");
    return switch (mode & 0170000) {
      case 0020000 -> 'c';
      case 0060000 -> 'b';
      case 0010000 -> 'p';
      case 0140000 -> 's';
      default -> Files.isSymbolicLink(entry) && !Files.exists(entry, LinkOption.NOFOLLOW_LINKS) ? 'l' : '-';
    };
  }

  private static String quoted(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeJsonString(out, text.getBytes(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * A JSON string of raw bytes, as the agent's JSON writer emits a file's contents: quote, backslash and control
   * characters escaped, every other byte as it is (so multi-byte characters cut by a read's length stay bytes).
   */
  static void writeJsonString(ByteArrayOutputStream out, byte[] bytes) {
    out.write('"');
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '"' -> out.writeBytes(new byte[] {'\\', '"'});
        case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
        case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
        case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
        case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
        case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
        case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
        default -> {
          if (c < 0x20) {
            out.writeBytes(String.format("\\u%04X", c).getBytes(StandardCharsets.US_ASCII));
          } else {
            out.write(c);
          }
        }
      }
    }
    out.write('"');
  }

  /** The request's {@code path}; without one the request is a 400, as the agent answers it. */
  private static String requiredPath(Map<String, String> query) {
    String path = query.get("path");
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Expecting 'path=value' in query.\n");
    }
    return path;
  }

  /** The file a virtual path names; a path that cannot be resolved is a 400, and null means a 404 was answered. */
  private Path attached(HttpExchange ex, String path) throws IOException {
    Resolved resolved = resolve(path);
    if (resolved.error() != null) {
      throw new IllegalArgumentException(resolved.error() + ".\n");
    }
    if (resolved.path() == null) {
      text(ex, 404, "");
    }
    return resolved.path();
  }

  /**
   * A numeric query parameter as the agent parses it: absent is null, -1 means "none", anything else below zero or
   * not a number is a 400 with the agent's wording (through the IllegalArgumentException that {@link #serve} answers).
   */
  private static Long queryNumber(Map<String, String> query, String name) {
    String raw = query.get(name);
    if (raw == null) {
      return null;
    }
    Long parsed = number(raw);
    if (parsed == null) {
      throw new IllegalArgumentException("Failed to parse " + name + ": Failed to convert '" + raw + "' to number.\n");
    }
    if (parsed < -1) {
      throw new IllegalArgumentException("Negative " + name + " provided: " + parsed + ".\n");
    }
    return parsed;
  }

  /** Decimal (or 0x hexadecimal) integer text as the agent's numify accepts it; null when it is not one. */
  private static Long number(String text) {
    try {
      String t = text.trim();
      if (t.isEmpty() || !t.equals(text)) {
        return null;
      }
      boolean negative = t.startsWith("-");
      String digits = negative ? t.substring(1) : t;
      long value = digits.startsWith("0x") || digits.startsWith("0X") ? Long.parseLong(digits.substring(2), 16)
          : Long.parseLong(digits);
      return negative ? -value : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The query as libprocess decodes it: pairs split on '&' and ';', '+' a space, %XX escapes, a bare key "". */
  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String token : raw.split("[;&]")) {
      if (token.isEmpty()) {
        continue;
      }
      int eq = token.indexOf('=');
      if (eq < 0) {
        out.put(decode(token), "");
      } else {
        out.put(decode(token.substring(0, eq)), decode(token.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
        throw new IllegalArgumentException("Malformed % escape in '" + s + "': '"
            + s.substring(i, Math.min(s.length(), i + 3)) + "'");
      }
      out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void ok(HttpExchange ex, byte[] json, String jsonp) throws IOException {
    byte[] body = json;
    String type = "application/json";
    if (jsonp != null) {
      ByteArrayOutputStream wrapped = new ByteArrayOutputStream();
      wrapped.writeBytes(jsonp.getBytes(StandardCharsets.UTF_8));
      wrapped.write('(');
      wrapped.writeBytes(json);
      wrapped.write(')');
      body = wrapped.toByteArray();
      type = "text/javascript";
    }
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  private static void text(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
