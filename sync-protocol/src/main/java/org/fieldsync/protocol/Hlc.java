package org.fieldsync.protocol;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds, a logical counter and the node that
 * minted it.
 *
 * <p>The text form {@code 000001763890000123-00000-<node>} is fixed-width in its numeric parts, so
 * plain string order equals timestamp order; the node breaks ties deterministically. Tablet clocks
 * drift and are sometimes wrong by days, so ordering uses the HLC, never the device's wall clock
 * alone.
 *
 * @param wallMillis physical part, milliseconds since the epoch
 * @param counter logical part, 0..99999
 * @param node the device id (or "server"), no '-' allowed in the first position
 */
public record Hlc(long wallMillis, int counter, String node) implements Comparable<Hlc> {
  public static final int MAX_COUNTER = 99_999;
  /**
   * How far ahead of the server's time a timestamp may be: one hour. A revision stamped further
   * ahead is refused ({@code record.hlc.ahead}), and no clock adopts such a value from a peer, so
   * one tablet with a wrong clock cannot sort last in every timeline for good or drag every other
   * clock into the future. Tablets correct their clock from the server's time.
   */
  public static final long MAX_AHEAD_MILLIS = 3_600_000L;
  private static final Comparator<Hlc> ORDER =
      Comparator.comparingLong(Hlc::wallMillis)
          .thenComparingInt(Hlc::counter)
          .thenComparing(Hlc::node);

  public Hlc {
    Objects.requireNonNull(node, "node");
    if (wallMillis < 0 || counter < 0 || counter > MAX_COUNTER || node.isEmpty()) {
      throw new IllegalArgumentException("invalid HLC parts");
    }
  }

  @Override
  public String toString() {
    return String.format("%018d-%05d-%s", wallMillis, counter, node);
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException if the text is not an HLC
   */
  public static Hlc parse(String text) {
    if (text == null || text.length() < 26 || text.charAt(18) != '-' || text.charAt(24) != '-') {
      throw new IllegalArgumentException("not an HLC timestamp");
    }
    try {
      return new Hlc(
          Long.parseLong(text.substring(0, 18)),
          Integer.parseInt(text.substring(19, 24)),
          text.substring(25));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an HLC timestamp", e);
    }
  }

  /** Whether this is further ahead of {@code nowMillis} than {@link #MAX_AHEAD_MILLIS}. */
  public boolean tooFarAhead(long nowMillis) {
    return wallMillis > nowMillis + MAX_AHEAD_MILLIS;
  }

  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public int compareTo(Hlc o) {
    return ORDER.compare(this, o);
  }
}
