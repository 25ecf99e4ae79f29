package dev.aurora.executor.supervisor;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Bytes used under a directory, counted as Aurora's resource manager did with {@code du} (files, not blocks). */
final class DiskUsage {
  private DiskUsage() {}

  static long of(Path root) {
    long[] total = {0};
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // files come and go while processes run
        }
      });
    } catch (IOException e) {
      // Keep the partial count: a vanished directory is not a reason to fail the task.
    }
    return total[0];
  }
}
