package dev.aurora.mesos.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Mesos RecordIO framing (MESOS.md A.2): {@code <decimal length>\n<length bytes>}, no trailer. The decoder is
 * incremental because HTTP chunk boundaries have nothing to do with record boundaries.
 */
public final class RecordIO {
  /** Refuse absurd lengths instead of allocating them: a corrupt stream must not exhaust the heap. */
  public static final long MAX_RECORD_BYTES = 256L * 1024 * 1024;

  private RecordIO() {
  }

  public static byte[] frame(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + record.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(record, 0, out, header.length, record.length);
    return out;
  }

  /** Feed bytes as they arrive; every complete record goes to the consumer in order. Not thread-safe. */
  public static final class Decoder {
    private final Consumer<byte[]> records;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(16);
    private byte[] record;
    private int filled;
    private long offset;

    public Decoder(Consumer<byte[]> records) {
      this.records = records;
    }

    public void feed(ByteBuffer bytes) {
      while (bytes.hasRemaining()) {
        if (record == null) {
          byte b = bytes.get();
          offset++;
          if (b == '\n') {
            startRecord();
          } else if (b >= '0' && b <= '9' && header.size() < 20) {
            header.write(b);
          } else {
            throw new IllegalStateException("RecordIO: bad length byte 0x" + Integer.toHexString(b & 0xff)
                + " at stream offset " + (offset - 1));
          }
        } else {
          int n = Math.min(bytes.remaining(), record.length - filled);
          bytes.get(record, filled, n);
          filled += n;
          offset += n;
          if (filled == record.length) {
            byte[] done = record;
            record = null;
            records.accept(done);
          }
        }
      }
    }

    public void feed(byte[] bytes) {
      feed(ByteBuffer.wrap(bytes));
    }

    /** True when the stream stopped between records (a clean end). */
    public boolean atRecordBoundary() {
      return record == null && header.size() == 0;
    }

    private void startRecord() {
      if (header.size() == 0) {
        throw new IllegalStateException("RecordIO: empty length at stream offset " + (offset - 1));
      }
      long length = Long.parseLong(header.toString(StandardCharsets.US_ASCII));
      header.reset();
      if (length == 0 || length > MAX_RECORD_BYTES) {
        throw new IllegalStateException("RecordIO: record length " + length + " out of range (1.."
            + MAX_RECORD_BYTES + ") at stream offset " + offset);
      }
      record = new byte[(int) length];
      filled = 0;
    }
  }
}
