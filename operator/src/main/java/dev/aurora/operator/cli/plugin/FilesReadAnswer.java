package dev.aurora.operator.cli.plugin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The body of a Mesos agent's {@code /files/read} answer, {@code {"data": "...", "offset": N}}, read at the byte level.
 * The agent writes the file's bytes into the JSON string as they are (only quotes, backslashes and control characters
 * escaped), so a process that prints invalid UTF-8, or a read whose length cuts a character in two, still yields the
 * exact bytes, and offsets stay byte offsets; a general JSON parser would refuse or replace such bytes.
 */
record FilesReadAnswer(byte[] data, long offset) {
  static FilesReadAnswer parse(byte[] body) {
    Cursor c = new Cursor(body);
    byte[] data = null;
    Long offset = null;
    c.expect('{');
    c.skipSpace();
    if (c.peek() != '}') {
      while (true) {
        String key = new String(c.string(), StandardCharsets.UTF_8);
        c.expect(':');
        c.skipSpace();
        if (c.peek() == '"') {
          byte[] value = c.string();
          if (key.equals("data")) {
            data = value;
          }
        } else {
          long value = c.number();
          if (key.equals("offset")) {
            offset = value;
          }
        }
        c.skipSpace();
        if (c.peek() == ',') {
          c.pos++;
          c.skipSpace();
          continue;
        }
        c.expect('}');
        break;
      }
    }
    if (data == null || offset == null) {
      throw new PluginException("the agent's /files/read answer has no data or offset: "
          + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
    }
    return new FilesReadAnswer(data, offset);
  }

  private static final class Cursor {
    final byte[] in;
    int pos;

    Cursor(byte[] in) {
      this.in = in;
    }

    int peek() {
      if (pos >= in.length) {
        throw malformed();
      }
      return in[pos] & 0xff;
    }

    void skipSpace() {
      while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
        pos++;
      }
    }

    void expect(char c) {
      skipSpace();
      if (peek() != c) {
        throw malformed();
      }
      pos++;
    }

    byte[] string() {
      expect('"');
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        int b = peek();
        pos++;
        if (b == '"') {
          return out.toByteArray();
        }
        if (b != '\\') {
          out.write(b);
          continue;
        }
        int e = peek();
        pos++;
        switch (e) {
          case '"', '\\', '/' -> out.write(e);
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'u' -> {
            if (pos + 4 > in.length) {
              throw malformed();
            }
            int code = Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16);
            pos += 4;
            if (Character.isHighSurrogate((char) code) && pos + 6 <= in.length && in[pos] == '\\'
                && in[pos + 1] == 'u') {
              int low = Integer.parseInt(new String(in, pos + 2, 4, StandardCharsets.US_ASCII), 16);
              pos += 6;
              out.writeBytes(new String(new char[] {(char) code, (char) low}).getBytes(StandardCharsets.UTF_8));
            } else {
              out.writeBytes(String.valueOf((char) code).getBytes(StandardCharsets.UTF_8));
            }
          }
          default -> throw malformed();
        }
      }
    }

    long number() {
      int start = pos;
      while (pos < in.length && (in[pos] == '-' || (in[pos] >= '0' && in[pos] <= '9'))) {
        pos++;
      }
      try {
        return Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw malformed();
      }
    }

    PluginException malformed() {
      return new PluginException("the agent's /files/read answer is not the JSON expected (at byte " + pos + ")");
    }
  }
}
