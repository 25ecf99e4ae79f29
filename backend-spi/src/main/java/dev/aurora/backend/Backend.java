package dev.aurora.backend;

import java.util.Collection;

/**
 * What the scheduling core drives: a place that runs Aurora task instances. Knows nothing of Kubernetes; the Mesos
 * framework and the local backend are implementations.
 *
 * <p>Contract: {@link #launch} queues an instance (Aurora PENDING); once placed the backend reports ASSIGNED with the
 * host and assigned ports, then STARTING/RUNNING and finally one terminal state. Every call but {@link #start} is
 * asynchronous and thread-safe; results arrive at the listener given to {@link #start}.
 */
public interface Backend extends AutoCloseable {
  /**
   * Starts the backend and its reports to {@code listener} (called once, before any other call). The backend first
   * reports the current state of every task it knows, and of each id in {@code knownTaskIds} (ids it has never
   * heard of come back LOST), then calls {@link TaskStatusListener#onInitialReportComplete()}, then reports changes
   * as they happen.
   */
  void start(Collection<String> knownTaskIds, TaskStatusListener listener);

  /**
   * Tells the backend, before {@link #start}, what each live task the caller's records hold was launched with (by a
   * predecessor, before a restart). A backend that preempts needs it to weigh those tasks as victims: Mesos reports a
   * task's state and agent, never its resources, tier or priority. Ids the cluster no longer knows are simply
   * forgotten. Backends without resource limits never preempt and need nothing.
   */
  default void adopt(Collection<LaunchRequest> live) {
  }

  /** Queues an instance for placement. Launching a task id the backend already knows is ignored. */
  void launch(LaunchRequest request);

  /**
   * Kills a task: a pending one is dropped and reported KILLED at once; a placed one is asked to stop (KILLING is
   * reported, then its terminal state). Unknown ids are asked of the cluster anyway, so a task the backend forgot
   * (after a restart) still dies.
   */
  void kill(String taskId);

  /**
   * Asks for the current state of the given tasks (explicit reconciliation) and of every other task the cluster
   * knows for us (implicit). Each answer arrives as a status event; tasks the cluster has never heard of come back
   * LOST.
   */
  void reconcile(Collection<String> taskIds);

  /**
   * The listener's owner has made what this event changed durable. Until then a backend that delivers at least once
   * keeps it unacknowledged (Mesos: the agent redelivers it, reconciliation reports it). A no-op for events whose
   * {@code ackId} is null. Thread-safe; may be called from any thread.
   */
  void acknowledge(TaskStatusEvent event);

  /** Stops talking to the cluster; running tasks keep running (the next backend instance adopts them). */
  @Override
  void close();
}
