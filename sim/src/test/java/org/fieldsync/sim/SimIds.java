package org.fieldsync.sim;

import java.util.Random;

/** Record ids from the scenario's clock and random source, so a replay makes the same ids. */
final class SimIds {
  private SimIds() {}

  /** A UUIDv7: 48 bits of epoch ms, version 7, the variant, and 74 seeded random bits. */
  static String uuidV7(long millis, Random r) {
    long hi = (millis << 16) | 0x7000L | (r.nextInt() & 0x0FFFL);
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    String h = String.format("%016x", hi);
    String l = String.format("%016x", lo);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
        + l.substring(0, 4) + "-" + l.substring(4, 16);
  }
}
