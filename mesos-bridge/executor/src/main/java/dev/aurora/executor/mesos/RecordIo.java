package dev.aurora.executor.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Mesos' RecordIO framing (MESOS.md A.2): {@code <decimal length>\n<length bytes>}, no trailing newline. */
public final class RecordIo {
  /** Largest record we accept; a garbled length must not make us allocate gigabytes. */
  private static final long MAX_RECORD = 64L * 1024 * 1024;

  private RecordIo() {}

  public static byte[] frame(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + record.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(record, 0, out, header.length, record.length);
    return out;
  }

  /** The next record, or null at a clean end of stream (between records). */
  public static byte[] read(InputStream in) throws IOException {
    long length = 0;
    int digits = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (digits == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a RecordIO header");
      }
      if (c == '\n') {
        break;
      }
      if (c < '0' || c > '9') {
        throw new IOException("bad RecordIO header byte " + c);
      }
      length = length * 10 + (c - '0');
      if (++digits > 19 || length > MAX_RECORD) {
        throw new IOException("RecordIO record too large: " + length);
      }
    }
    if (digits == 0 || length == 0) {
      throw new IOException("empty RecordIO record length");
    }
    byte[] record = in.readNBytes((int) length);
    if (record.length != length) {
      throw new EOFException("stream ended inside a RecordIO record");
    }
    return record;
  }
}
