package org.fieldsync.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * This JVM's cumulative stop-the-world GC time, sampled every 2 ms over the last few seconds, so
 * that an event loop the blocked-thread checker saw stalled can be told apart from a GC pause
 * (which stops every thread, the event loops with them). Bench-only.
 */
final class GcTimeline {
  private static final int SIZE = 4096;
  private final List<GarbageCollectorMXBean> beans =
      ManagementFactory.getGarbageCollectorMXBeans();
  private final long[] at = new long[SIZE];
  private final long[] gcMs = new long[SIZE];
  private long count;

  GcTimeline() {
    Thread t = new Thread(() -> {
      while (true) {
        record();
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      }
    }, "bench-gc-timeline");
    t.setDaemon(true);
    t.start();
  }

  private long total() {
    long ms = 0;
    for (GarbageCollectorMXBean b : beans) {
      ms += Math.max(0, b.getCollectionTime()); // young pauses and full GCs (JDK 17 G1)
    }
    return ms;
  }

  private synchronized void record() {
    int i = (int) (count++ % SIZE);
    at[i] = System.nanoTime();
    gcMs[i] = total();
  }

  /** Milliseconds of GC pause since {@code nanoTime} (up to now), as far as sampled. */
  synchronized long pausedSince(long nanoTime) {
    long now = total();
    long n = Math.min(count, SIZE);
    for (long k = 1; k <= n; k++) {
      int i = (int) ((count - k) % SIZE);
      if (at[i] <= nanoTime) {
        return now - gcMs[i];
      }
    }
    return n == 0 ? 0 : now - gcMs[(int) ((count - n) % SIZE)];
  }
}
