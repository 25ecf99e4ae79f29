package dev.aurora.backend;

import java.util.Collection;

/**
 * What the scheduling core drives: a place that runs Aurora task instances. Knows nothing of Kubernetes; the Mesos
 * framework is one implementation.
 *
 * <p>Contract: {@link #launch} queues an instance (Aurora PENDING); once placed the backend reports ASSIGNED with the
 * host and assigned ports, then STARTING/RUNNING and finally one terminal state. Every call is asynchronous and
 * thread-safe; results arrive at the listeners.
 */
public interface Backend extends AutoCloseable {
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

  void addListener(TaskStatusListener listener);

  /** Stops talking to the cluster; running tasks keep running (the next backend instance adopts them). */
  @Override
  void close();
}
