package dev.aurora.operator.evaluation;

import java.io.IOException;
import java.io.OutputStream;

/** Passes the first {@code cap} bytes through and silently drops the rest. */
final class CappedOutputStream extends OutputStream {
  private final OutputStream out;
  private long remaining;

  CappedOutputStream(OutputStream out, long cap) {
    this.out = out;
    this.remaining = cap;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (remaining > 0) {
      remaining--;
      out.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int passed = (int) Math.min(length, remaining);
    if (passed > 0) {
      remaining -= passed;
      out.write(bytes, offset, passed);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }
}
