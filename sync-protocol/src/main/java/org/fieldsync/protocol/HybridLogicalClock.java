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
 * <p>Timestamps never go backwards, with one exception: when a correction shows that this clock
 * minted timestamps beyond the bound of the corrected time (a tablet whose clock ran fast while
 * offline), it forgets them, down to the highest timestamp it has observed. The server refuses
 * such timestamps and no peer adopts them, so nothing can be ordered after them; keeping them
 * would have every new revision refused until real time caught up (hours, for a clock three hours
 * fast), and a refused revision could not be stamped again within the bound.
 *
 * <p>Thread-safe. One instance per device (or server node).
 */
public final class HybridLogicalClock {
  /**
   * A server reading within this of the clock's own time changes nothing: a reading taken over a
   * network is late by the answer's transit, and correcting by that would make two devices in
   * step disagree by their latencies. Clocks a second apart are what the logical part is for.
   */
  public static final long CORRECTION_TOLERANCE_MILLIS = 1_000;

  private final String node;
  private final LongSupplier wallClock;
  private long lastWall;
  private int lastCounter;
  /** The highest timestamp observed (adopted) from a peer: a correction never goes below it. */
  private long floorWall;
  private int floorCounter;
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
    if (remote.wallMillis() > floorWall
        || remote.wallMillis() == floorWall && remote.counter() > floorCounter) {
      floorWall = remote.wallMillis();
      floorCounter = remote.counter();
    }
    return true;
  }

  /**
   * Sets this clock's wall time from a trusted reading of the server's time, taken now. Minted
   * timestamps still never go backwards while they are within the bound: a clock that ran a little
   * fast waits (in counter steps) for the corrected time to catch up. One that minted beyond the
   * bound of the corrected time forgets those timestamps (see the class comment): it goes back to
   * the corrected time, or to the highest timestamp it observed if that is later.
   */
  public synchronized void correct(long serverMillis) {
    long measured = serverMillis - wallClock.getAsLong();
    if (Math.abs(measured - offset) < CORRECTION_TOLERANCE_MILLIS) {
      return; // within what a reading over a network can tell: the logical part orders these
    }
    offset = measured;
    long wall = wall();
    if (lastWall > wall + Hlc.MAX_AHEAD_MILLIS) {
      if (floorWall >= wall) {
        lastWall = floorWall;
        lastCounter = floorCounter;
      } else {
        lastWall = wall;
        lastCounter = 0;
      }
    }
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
