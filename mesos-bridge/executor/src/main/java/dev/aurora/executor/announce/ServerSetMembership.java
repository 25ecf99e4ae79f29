package dev.aurora.executor.announce;

/**
 * A task's place in its ServerSet, kept from {@link #join} to {@link #leave} (Aurora's {@code AnnouncerChecker}).
 * Both return at once or within a few seconds; the work happens on the membership's own thread.
 */
public interface ServerSetMembership {
  /** Connects and registers the member in the background; re-registers after a lost session until left. */
  void join();

  /** Removes the member and ends the session; the task's processes are stopped only after this returns. */
  void leave();
}
