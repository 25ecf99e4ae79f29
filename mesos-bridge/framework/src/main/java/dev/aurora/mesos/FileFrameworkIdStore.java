package dev.aurora.mesos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps the framework id in a file, written atomically (temp file + rename) so a crash never leaves half an id.
 */
public final class FileFrameworkIdStore implements FrameworkIdStore {
  private final Path file;

  public FileFrameworkIdStore(Path file) {
    this.file = file;
  }

  @Override
  public Optional<String> load() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read framework id from " + file, e);
    }
  }

  @Override
  public void save(String frameworkId) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, frameworkId + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write framework id to " + file, e);
    }
  }

  @Override
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
