package dev.aurora.operator.backend.local;

import dev.aurora.backend.TaskState;
import java.util.Optional;

/**
 * Reads the transition lines {@code run-task} prints. Task lines are {@code HH:MM:SS.mmm task=<id> <STATE> [message]}
 * with Thermos states (ACTIVE, CLEANING, FINALIZING, SUCCESS, FAILED, KILLED, LOST) plus RUNNING once the task is
 * healthy; process lines ({@code HH:MM:SS.mmm <process> <STATE> pid=..}) carry no task state and are skipped.
 */
final class ExecutorOutput {
  /** One task transition: the Aurora state it means and the rest of the line. */
  record Transition(TaskState state, String message) {}

  private ExecutorOutput() {}

  static Optional<Transition> parse(String taskId, String line) {
    String prefix = " task=" + taskId + " ";
    int at = line.indexOf(prefix);
    if (at < 0) {
      return Optional.empty();
    }
    String rest = line.substring(at + prefix.length());
    int space = rest.indexOf(' ');
    String thermosState = space < 0 ? rest : rest.substring(0, space);
    String message = space < 0 ? "" : rest.substring(space + 1);
    TaskState state = switch (thermosState) {
      case "ACTIVE" -> TaskState.STARTING;
      case "RUNNING" -> TaskState.RUNNING;
      case "SUCCESS" -> TaskState.FINISHED;
      case "FAILED" -> TaskState.FAILED;
      case "KILLED" -> TaskState.KILLED;
      case "LOST" -> TaskState.LOST;
      default -> null; // CLEANING/FINALIZING: the task is winding down, Aurora still calls it running or killing
    };
    return Optional.ofNullable(state).map(s -> new Transition(s, message));
  }

  /**
   * The terminal state an exit status means when the output ended without one: run-task's own codes, and the
   * signal codes of a JVM that was stopped (KILLED when we asked for it, LOST otherwise).
   */
  static Transition fromExitCode(int code, boolean killRequested) {
    return switch (code) {
      case 0 -> new Transition(TaskState.FINISHED, "executor exited 0");
      case 1 -> new Transition(TaskState.FAILED, "executor exited 1 (task failed)");
      case 2 -> new Transition(TaskState.FAILED, "executor refused the task (exit 2, see executor.stderr)");
      case 3 -> new Transition(TaskState.KILLED, "executor exited 3 (task killed)");
      case 4 -> new Transition(TaskState.LOST, "executor exited 4 (task lost)");
      default -> killRequested
          ? new Transition(TaskState.KILLED, "executor ended with status " + code + " after a kill")
          : new Transition(TaskState.LOST, "executor ended with status " + code);
    };
  }
}
