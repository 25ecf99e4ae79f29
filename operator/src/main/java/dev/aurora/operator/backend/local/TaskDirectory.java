package dev.aurora.operator.backend.local;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One task's directory under the backend root, and everything a later backend needs to adopt the task:
 * {@code task.json} (the assigned task the executor reads: host, assigned ports, the job document unbound), {@code executor.pid} ({@code <pid> <start instant>},
 * so a reused pid is not mistaken for our executor), {@code state} (the last reported state), the executor's
 * {@code executor.stdout}/{@code executor.stderr}, and the task's {@code sandbox/}.
 */
record TaskDirectory(Path dir) {
  /** The executor process as recorded when it was started. */
  record ExecutorPid(long pid, Instant start) {}

  Path taskFile() {
    return dir.resolve("task.json");
  }

  Path sandbox() {
    return dir.resolve("sandbox");
  }

  Path stdout() {
    return dir.resolve("executor.stdout");
  }

  Path stderr() {
    return dir.resolve("executor.stderr");
  }

  String taskId() {
    return dir.getFileName().toString();
  }

  void writeTask(AssignedTask task) {
    write("task.json", task.toJson().getBytes(StandardCharsets.UTF_8));
  }

  AssignedTask readTask() {
    try {
      return AssignedTask.parse(Files.readString(taskFile(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void writePid(ProcessHandle process) {
    Instant start = process.info().startInstant().orElse(Instant.EPOCH);
    write("executor.pid", (process.pid() + " " + start + "\n").getBytes(StandardCharsets.UTF_8));
  }

  Optional<ExecutorPid> readPid() {
    try {
      String[] parts = Files.readString(dir.resolve("executor.pid")).trim().split(" ");
      return Optional.of(new ExecutorPid(Long.parseLong(parts[0]), Instant.parse(parts[1])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // never started, or the file was cut short by a crash: nothing to adopt
    }
  }

  void writeState(TaskState state) {
    write("state", (state.name() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  Optional<TaskState> readState() {
    try {
      return Optional.of(TaskState.valueOf(Files.readString(dir.resolve("state")).trim()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Write to a temporary file and move it in place, so a crash never leaves half a file behind. */
  private void write(String name, byte[] content) {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(name + ".tmp");
      Files.write(tmp, content);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
