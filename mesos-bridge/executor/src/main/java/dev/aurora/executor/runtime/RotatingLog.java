package dev.aurora.executor.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file that rolls over as Thermos' {@code mode=rotate} does: {@code stdout} is kept below {@code logSize}
 * bytes, older content moves to {@code stdout.1} ... {@code stdout.<backups>}, the oldest is dropped.
 */
final class RotatingLog extends OutputStream {
  private final Path file;
  private final long logSize;
  private final int backups;
  private OutputStream out;
  private long size;

  RotatingLog(Path file, long logSize, int backups) throws IOException {
    this.file = file;
    this.logSize = logSize;
    this.backups = backups;
    this.out = open();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (size >= logSize) {
        rollOver();
      }
      int n = (int) Math.min(len, logSize - size);
      out.write(b, off, n);
      size += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private void rollOver() throws IOException {
    out.close();
    if (backups == 0) {
      Files.deleteIfExists(file);
    } else {
      Files.deleteIfExists(backup(backups));
      for (int i = backups - 1; i >= 1; i--) {
        if (Files.exists(backup(i))) {
          Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
    }
    out = open();
  }

  private Path backup(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }

  private OutputStream open() throws IOException {
    size = 0;
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }
}
