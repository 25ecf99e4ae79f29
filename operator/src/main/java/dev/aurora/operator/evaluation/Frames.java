package dev.aurora.operator.evaluation;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte framing of the evaluator protocol: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
 * The same framing runs over a worker's stdin/stdout and over a Unix domain socket.
 */
public final class Frames {
  private Frames() {}

  /** A peer announced a frame larger than the reader accepts; the stream is unusable afterwards. */
  public static final class FrameTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long announced;

    FrameTooLargeException(long announced, int limit) {
      super("frame of " + announced + " bytes exceeds the limit of " + limit + " bytes");
      this.announced = announced;
    }

    public long announced() {
      return announced;
    }
  }

  public static void write(OutputStream out, byte[] payload) throws IOException {
    int n = payload.length;
    out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    out.write(payload);
    out.flush();
  }

  /**
   * The next frame, or null when the stream ends cleanly between frames. The length is checked before anything is
   * allocated, so a hostile peer cannot make the reader allocate more than {@code maxBytes}.
   */
  public static byte[] read(InputStream in, int maxBytes) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int first = data.read();
    if (first < 0) {
      return null;
    }
    byte[] rest = new byte[3];
    data.readFully(rest);
    long length = ((long) first << 24) | ((rest[0] & 0xffL) << 16) | ((rest[1] & 0xffL) << 8) | (rest[2] & 0xffL);
    if (length > maxBytes) {
      throw new FrameTooLargeException(length, maxBytes);
    }
    byte[] payload = new byte[(int) length];
    try {
      data.readFully(payload);
    } catch (EOFException e) {
      throw new EOFException("stream ended inside a frame of " + length + " bytes");
    }
    return payload;
  }
}
