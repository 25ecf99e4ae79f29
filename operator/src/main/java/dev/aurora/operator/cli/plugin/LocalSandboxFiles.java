package dev.aurora.operator.cli.plugin;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A sandbox on this machine, as the local backend runs tasks: the operator's {@code <local root>/<task id>/sandbox}.
 * Readable when the plugin runs where the operator does (the local bring-up, a developer's machine).
 */
record LocalSandboxFiles(Path root) implements SandboxFiles {
  private static final int CHUNK = 64 * 1024;

  @Override
  public List<String> list(String directory) {
    Path dir = root.resolve(directory);
    if (!Files.isDirectory(dir)) {
      if (!Files.isDirectory(root)) {
        throw new PluginException("the sandbox " + root + " is not on this machine (the local backend keeps it "
            + "where the operator runs)");
      }
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new PluginException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] read(String file, long offset) {
    Path path = root.resolve(file);
    try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "r")) {
      if (offset >= in.length()) {
        return new byte[0];
      }
      in.seek(offset);
      byte[] buffer = new byte[(int) Math.min(CHUNK, in.length() - offset)];
      int n = in.read(buffer);
      return n <= 0 ? new byte[0] : Arrays.copyOf(buffer, n);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new PluginException("cannot read " + path + ": " + e.getMessage());
    }
  }
}
