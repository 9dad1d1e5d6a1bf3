package org.fieldsync.sim;

import java.util.Random;

/**
 * The scenario's faults: each has a probability per chance (in percent), drawn from the
 * scenario's one random source, and each one injected is counted by kind. To add a fault, give
 * it a name and a probability at the place it can happen ({@code faults.roll("name", pct)}), make
 * it happen there, and trace it with the word FAULT (decision 0036).
 */
final class Faults {
  private final Random r;
  private final Stats stats;

  Faults(Random r, Stats stats) {
    this.r = r;
    this.stats = stats;
  }

  /** True (and counted) with probability {@code percent}. */
  boolean roll(String kind, int percent) {
    if (r.nextInt(100) < percent) {
      count(kind);
      return true;
    }
    return false;
  }

  void count(String kind) {
    stats.fault(kind);
  }
}
