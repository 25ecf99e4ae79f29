package dev.aurora.operator.evaluation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * Ends the worker as soon as live data after a garbage collection passes a share of the heap. Without it an
 * allocation bomb first makes the JVM spend seconds in back-to-back full collections (and would be reported as a
 * time-limit failure); {@code -XX:+ExitOnOutOfMemoryError} stays as the backstop. Both leave with
 * {@link #EXIT_STATUS}, which the pool reports as the memory limit.
 */
final class MemoryGuard {
  /** What {@code -XX:+ExitOnOutOfMemoryError} uses too, so one status means "out of memory" either way. */
  static final int EXIT_STATUS = 3;

  private MemoryGuard() {}

  static void install(double shareOfHeap, Runnable exceeded) {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      long max = pool.getUsage().getMax();
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
        pool.setCollectionUsageThreshold((long) (max * shareOfHeap));
      }
    }
    NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
    emitter.addNotificationListener((notification, handback) -> {
      if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
        exceeded.run();
      }
    }, null, null);
  }
}
