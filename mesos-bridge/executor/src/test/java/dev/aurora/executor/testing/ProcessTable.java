package dev.aurora.executor.testing;

import dev.aurora.executor.runtime.ProcessGroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Independent looks at /proc, for asserting that a task left nothing running. */
public final class ProcessTable {
  private ProcessTable() {}

  /** Live members of the given process groups. */
  public static List<Long> membersOf(Collection<Long> pgids) {
    return ProcessGroups.members(pgids);
  }

  /** Live processes whose command line contains {@code marker} (a unique string put in a test's cmdline). */
  public static List<Long> withCommandLineContaining(String marker) {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
          String stat = Files.readString(dir.resolve("stat"));
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          if (cmdline.contains(marker) && state != 'Z') {
            found.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException e) {
          // exited while we looked
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
