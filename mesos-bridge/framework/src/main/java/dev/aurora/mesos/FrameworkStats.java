package dev.aurora.mesos;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and offer-handling latencies, read by tests and the benchmark. Thread-safe. */
public final class FrameworkStats {
  private final AtomicLong offersReceived = new AtomicLong();
  private final AtomicLong offersDeclined = new AtomicLong();
  private final AtomicLong offersRescinded = new AtomicLong();
  private final AtomicLong tasksLaunched = new AtomicLong();
  private final AtomicLong updatesReceived = new AtomicLong();
  private final AtomicLong acknowledgements = new AtomicLong();
  private final AtomicLong subscriptions = new AtomicLong();
  private final AtomicLong preemptions = new AtomicLong();
  private final AtomicLong tasksPreempted = new AtomicLong();
  private long[] latenciesNanos = new long[1024];
  private int latencyCount;

  void offers(int n) {
    offersReceived.addAndGet(n);
  }

  void declined(int n) {
    offersDeclined.addAndGet(n);
  }

  void rescinded() {
    offersRescinded.incrementAndGet();
  }

  void launched(int n) {
    tasksLaunched.addAndGet(n);
  }

  void update() {
    updatesReceived.incrementAndGet();
  }

  void acknowledged() {
    acknowledgements.incrementAndGet();
  }

  void subscribed() {
    subscriptions.incrementAndGet();
  }

  void preempted(int victims) {
    preemptions.incrementAndGet();
    tasksPreempted.addAndGet(victims);
  }

  synchronized void offerHandled(long nanos) {
    if (latencyCount == latenciesNanos.length) {
      latenciesNanos = Arrays.copyOf(latenciesNanos, latencyCount * 2);
    }
    latenciesNanos[latencyCount++] = nanos;
  }

  public long offersReceived() {
    return offersReceived.get();
  }

  public long offersDeclined() {
    return offersDeclined.get();
  }

  public long offersRescinded() {
    return offersRescinded.get();
  }

  public long tasksLaunched() {
    return tasksLaunched.get();
  }

  public long updatesReceived() {
    return updatesReceived.get();
  }

  public long acknowledgements() {
    return acknowledgements.get();
  }

  public long subscriptions() {
    return subscriptions.get();
  }

  /** Slots found for pending tasks by preempting others. */
  public long preemptions() {
    return preemptions.get();
  }

  /** Tasks killed to make those slots. */
  public long tasksPreempted() {
    return tasksPreempted.get();
  }

  /** Handling time of one OFFERS event (match + build + hand calls to the sender), per event, sorted. */
  public synchronized long[] offerLatenciesNanos() {
    long[] copy = Arrays.copyOf(latenciesNanos, latencyCount);
    Arrays.sort(copy);
    return copy;
  }
}
