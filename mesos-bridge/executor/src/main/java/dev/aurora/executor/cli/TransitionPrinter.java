package dev.aurora.executor.cli;

import dev.aurora.executor.runtime.ProcessTransition;
import dev.aurora.executor.runtime.TaskState;
import dev.aurora.executor.supervisor.TaskObserver;
import dev.aurora.executor.supervisor.TaskOutcome;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Prints one line per transition for {@code run-task}:
 * {@code 12:00:01.123 hello_world RUNNING pid=1234 run=0} for processes and
 * {@code 12:00:01.456 task=<id> SUCCESS <message>} for the task.
 */
public final class TransitionPrinter implements TaskObserver {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final PrintStream out;
  private final String taskId;

  public TransitionPrinter(PrintStream out, String taskId) {
    this.out = out;
    this.taskId = taskId;
  }

  @Override
  public void processTransition(ProcessTransition t) {
    StringBuilder line = new StringBuilder()
        .append(TIME.format(t.at())).append(' ').append(t.process()).append(' ').append(t.state())
        .append(" pid=").append(t.pid()).append(" run=").append(t.run());
    if (t.exitCode() != null) {
      line.append(" rc=").append(t.exitCode());
    }
    if (t.message() != null) {
      line.append(' ').append(t.message());
    }
    print(line.toString());
  }

  @Override
  public void runnerTransition(TaskState state) {
    task(state.name(), null);
  }

  @Override
  public void taskRunning(String message) {
    task("RUNNING", message);
  }

  @Override
  public void taskEnded(TaskOutcome outcome) {
    task(outcome.state().name(), outcome.message());
  }

  private void task(String state, String message) {
    print(TIME.format(Instant.now()) + " task=" + taskId + " " + state + (message == null ? "" : " " + message));
  }

  private synchronized void print(String line) {
    out.println(line);
    out.flush();
  }
}
