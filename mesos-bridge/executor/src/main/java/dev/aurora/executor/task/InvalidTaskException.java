package dev.aurora.executor.task;

/** The task document cannot be run; the message names the source, line and field at fault. */
public final class InvalidTaskException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTaskException(String message) {
    super(message);
  }
}
