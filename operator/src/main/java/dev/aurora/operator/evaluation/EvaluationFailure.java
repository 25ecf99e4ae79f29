package dev.aurora.operator.evaluation;

/**
 * Why an evaluation produced no jobs. {@code file}, {@code line} and {@code field} locate the problem when the
 * config itself is at fault (line 0 and empty field when unknown); limit and worker failures have only a message.
 */
public record EvaluationFailure(Kind kind, String file, int line, String field, String message) {

  public enum Kind {
    /** The config is wrong or did something the sandbox refuses (a blocked import, open(), include('..')). */
    INVALID_CONFIG,
    /** The evaluation ran past its time limit and its worker was killed. */
    TIME_LIMIT,
    /** The evaluation filled the worker's heap and its worker was killed. */
    MEMORY_LIMIT,
    /** The evaluation recursed past the interpreter's limit or the thread's stack. */
    RECURSION_LIMIT,
    /** The resolved jobs are larger than a response may be. */
    OUTPUT_LIMIT,
    /** The JVM-level guard refused an operation the Python-level restrictions should already have stopped. */
    SANDBOX_VIOLATION,
    /** The worker crashed, broke the protocol or could not be started; nothing about the config is known. */
    WORKER_FAILURE
  }

  public EvaluationFailure {
    file = file == null ? "" : file;
    field = field == null ? "" : field;
    message = message == null ? "" : message;
  }

  public static EvaluationFailure of(Kind kind, String message) {
    return new EvaluationFailure(kind, "", 0, "", message);
  }

  /** Whether asking again with the same input could give a different answer (then it is not cached). */
  public boolean transientFailure() {
    return kind == Kind.WORKER_FAILURE;
  }

  /** {@code file, line N: field: message} with the parts that are known, as a condition message quotes it. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!file.isEmpty()) {
      out.append(file);
      if (line > 0) {
        out.append(", line ").append(line);
      }
      out.append(": ");
    }
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
