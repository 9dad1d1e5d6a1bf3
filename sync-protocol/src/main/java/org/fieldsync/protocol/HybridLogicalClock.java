package org.fieldsync.protocol;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Mints {@link Hlc} timestamps that never go backwards, even when the wall clock does, and that
 * move past any timestamp observed from a peer (Kulkarni et al., "Logical Physical Clocks").
 *
 * <p>A timestamp more than {@link Hlc#MAX_AHEAD_MILLIS} ahead of this clock's wall time is never
 * adopted (the alternative, HLC's unbounded catch-up, lets one tablet with a clock set to 2100 drag
 * every clock that sees its records into 2100). A device corrects its wall time from the server's
 * with {@link #correct(long)}.
 *
 * <p>Thread-safe. One instance per device (or server node).
 */
public final class HybridLogicalClock {
  private final String node;
  private final LongSupplier wallClock;
  private long lastWall;
  private int lastCounter;
  /** Added to the wall clock: the server's time minus this device's, as last learnt. */
  private long offset;

  public HybridLogicalClock(String node, LongSupplier wallClock) {
    this.node = Objects.requireNonNull(node, "node");
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
  }

  public HybridLogicalClock(String node) {
    this(node, System::currentTimeMillis);
  }

  /** A timestamp strictly after every timestamp this clock has minted or observed. */
  public synchronized Hlc now() {
    long wall = wall();
    if (wall > lastWall) {
      lastWall = wall;
      lastCounter = 0;
    } else {
      bumpCounter();
    }
    return new Hlc(lastWall, lastCounter, node);
  }

  /**
   * Folds in a timestamp received from a peer, so the next {@link #now()} sorts after it; unless
   * it is too far ahead of this clock's time, which is not adopted.
   *
   * @return whether the timestamp was adopted
   */
  public synchronized boolean observe(Hlc remote) {
    long wall = wall();
    if (remote.tooFarAhead(wall)) {
      return false;
    }
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
    return true;
  }

  /**
   * Sets this clock's wall time from a trusted reading of the server's time, taken now. Minted
   * timestamps still never go backwards: a clock that ran fast waits (in counter steps) for the
   * corrected time to catch up.
   */
  public synchronized void correct(long serverMillis) {
    offset = serverMillis - wallClock.getAsLong();
  }

  /** This clock's wall time: the device's, corrected by the last server reading. */
  public synchronized long wall() {
    return wallClock.getAsLong() + offset;
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
