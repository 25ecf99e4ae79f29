package dev.aurora.operator.backend.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tails a file that another process appends to, returning only complete lines, so the executor's output is read the
 * same way whether this backend started the executor or adopted it from a previous one.
 */
final class OutputFollower {
  private static final int MAX_CHUNK = 1 << 20;

  private final Path file;
  private long offset;

  OutputFollower(Path file) {
    this.file = file;
  }

  /** The complete lines appended since the last call; a line still being written waits for its newline. */
  List<String> newLines() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long available = in.length() - offset;
      if (available <= 0) {
        return List.of();
      }
      byte[] chunk = new byte[(int) Math.min(available, MAX_CHUNK)];
      in.seek(offset);
      in.readFully(chunk);
      int end = chunk.length;
      while (end > 0 && chunk[end - 1] != '\n') {
        end--;
      }
      if (end == 0) {
        return List.of();
      }
      offset += end;
      return new String(chunk, 0, end - 1, StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of(); // transient; the next poll reads from the same offset
    }
  }
}
