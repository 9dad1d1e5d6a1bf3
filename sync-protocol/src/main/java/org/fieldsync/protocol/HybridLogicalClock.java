package org.fieldsync.protocol;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Mints {@link Hlc} timestamps that never go backwards, even when the wall clock does, and that
 * move past any timestamp observed from a peer (Kulkarni et al., "Logical Physical Clocks").
 *
 * <p>Thread-safe. One instance per device (or server node).
 */
public final class HybridLogicalClock {
  private final String node;
  private final LongSupplier wallClock;
  private long lastWall;
  private int lastCounter;

  public HybridLogicalClock(String node, LongSupplier wallClock) {
    this.node = Objects.requireNonNull(node, "node");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
  }

  public HybridLogicalClock(String node) {
    this(node, System::currentTimeMillis);
  }

  /** A timestamp strictly after every timestamp this clock has minted or observed. */
  public synchronized Hlc now() {
    long wall = wallClock.getAsLong();
    if (wall > lastWall) {
      lastWall = wall;
      lastCounter = 0;
    } else {
      bumpCounter();
    }
    return new Hlc(lastWall, lastCounter, node);
  }

  /** Folds in a timestamp received from a peer, so the next {@link #now()} sorts after it. */
  public synchronized void observe(Hlc remote) {
    long wall = wallClock.getAsLong();
    long max = Math.max(wall, Math.max(lastWall, remote.wallMillis()));
    if (max == lastWall && max == remote.wallMillis()) {
      lastCounter = Math.max(lastCounter, remote.counter());
      bumpCounter();
    } else if (max == lastWall) {
      bumpCounter();
    } else if (max == remote.wallMillis()) {
      lastWall = max;
      lastCounter = remote.counter();
      bumpCounter();
    } else {
      lastWall = max;
      lastCounter = 0;
    }
  }

  private void bumpCounter() {
    if (lastCounter >= Hlc.MAX_COUNTER) {
      // Counter exhausted within one millisecond: borrow the next millisecond instead of wrapping.
      lastWall++;
      lastCounter = 0;
    } else {
      lastCounter++;
    }
  }
}
