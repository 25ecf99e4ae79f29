package dev.aurora.executor.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process table as Linux' /proc shows it, read without forking: which live processes belong to a set of
 * process groups, and signalling them. Java cannot signal a process group, so each member is signalled by pid;
 * callers loop until the groups are empty, which also catches members forked between the scan and the signal.
 */
public final class ProcessGroups {
  private static final Path PROC = Path.of("/proc");

  private ProcessGroups() {}

  /** Live (non-zombie) pids whose process group is in {@code pgids}. */
  public static List<Long> members(Collection<Long> pgids) {
    List<Long> pids = new ArrayList<>();
    if (pgids.isEmpty()) {
      return pids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        Stat stat = stat(dir.resolve("stat"));
        if (stat != null && stat.state != 'Z' && stat.state != 'X' && pgids.contains(stat.pgid)) {
          pids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc", e);
    }
    return pids;
  }

  /** The process group of {@code pid}, if it is alive. */
  public static OptionalLong groupOf(long pid) {
    Stat stat = stat(PROC.resolve(Long.toString(pid)).resolve("stat"));
    return stat == null ? OptionalLong.empty() : OptionalLong.of(stat.pgid);
  }

  /** Sends SIGTERM ({@code force=false}) or SIGKILL to every live member; returns how many were signalled. */
  public static int signal(Collection<Long> pgids, boolean force) {
    int signalled = 0;
    for (long pid : members(pgids)) {
      var handle = ProcessHandle.of(pid);
      if (handle.isPresent() && (force ? handle.get().destroyForcibly() : handle.get().destroy())) {
        signalled++;
      }
    }
    return signalled;
  }

  /**
   * SIGKILLs every member until the groups are empty or {@code limit} passed; true when they are empty. Zombies
   * awaiting their parent's wait() no longer count as members.
   */
  public static boolean killAll(Collection<Long> pgids, java.time.Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (signal(pgids, true) > 0) {
      if (System.nanoTime() > deadline) {
        return members(pgids).isEmpty();
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return members(pgids).isEmpty();
      }
    }
    return true;
  }

  private record Stat(char state, long pgid) {}

  private static Stat stat(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return null; // the process is gone
    }
    // Format: pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses, so split after the last ')'.
    int close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.length()) {
      return null;
    }
    String[] fields = text.substring(close + 2).split(" ", 4);
    if (fields.length < 3) {
      return null;
    }
    return new Stat(fields[0].charAt(0), Long.parseLong(fields[2]));
  }
}
