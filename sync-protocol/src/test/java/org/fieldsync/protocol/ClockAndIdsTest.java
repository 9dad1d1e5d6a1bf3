package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ClockAndIdsTest {
  @Test
  void clockNeverGoesBackwardsWhenTheWallClockDoes() {
    AtomicLong wall = new AtomicLong(10_000);
    HybridLogicalClock clock = new HybridLogicalClock("dev", wall::get);
    Hlc a = clock.now();
    wall.set(5_000); // the tablet's clock was corrected backwards
    Hlc b = clock.now();
    Hlc c = clock.now();
    assertTrue(b.compareTo(a) > 0);
    assertTrue(c.compareTo(b) > 0);
    assertEquals(10_000, c.wallMillis());
  }

  @Test
  void observingARemoteTimestampMovesPastIt() {
    HybridLogicalClock clock = new HybridLogicalClock("dev", () -> 1_000);
    Hlc remote = new Hlc(9_000, 7, "server");
    clock.observe(remote);
    assertTrue(clock.now().compareTo(remote) > 0);
  }

  @Test
  void aClockNeverAdoptsATimestampFarAheadOfItsTime() {
    HybridLogicalClock clock = new HybridLogicalClock("dev", () -> 1_000_000);
    assertFalse(clock.observe(new Hlc(4_102_444_800_000L, 0, "other")), "2100 is not adopted");
    assertEquals(1_000_000, clock.now().wallMillis());
    assertTrue(clock.observe(new Hlc(1_000_000 + Hlc.MAX_AHEAD_MILLIS, 0, "other")));
  }

  @Test
  void aCorrectedClockMintsFromTheServersTimeAndNeverGoesBack() {
    AtomicLong wall = new AtomicLong(5_000_000);
    HybridLogicalClock clock = new HybridLogicalClock("dev", wall::get);
    Hlc before = clock.now();
    clock.correct(9_000_000); // the server says it is later than this tablet thinks
    assertEquals(9_000_000, clock.now().wallMillis());
    clock.correct(8_000_000); // and then earlier, within the bound: timestamps move forwards
    assertTrue(clock.now().compareTo(before) > 0);
    assertEquals(9_000_000, clock.now().wallMillis());
  }

  @Test
  void aClockThatRanFastForgetsWhatItMintedBeyondTheBoundButNotWhatItObserved() {
    long threeHours = 3 * Hlc.MAX_AHEAD_MILLIS;
    AtomicLong wall = new AtomicLong(50_000_000 + threeHours); // three hours fast, offline
    HybridLogicalClock clock = new HybridLogicalClock("dev", wall::get);
    Hlc seen = new Hlc(50_000_000 + Hlc.MAX_AHEAD_MILLIS / 2, 4, "other");
    assertTrue(clock.observe(seen));
    Hlc fast = clock.now();
    assertEquals(50_000_000 + threeHours, fast.wallMillis());
    clock.correct(50_000_000); // back in signal: the server's time
    Hlc next = clock.now();
    assertFalse(next.tooFarAhead(50_000_000), "the server would take it: " + next);
    assertTrue(next.compareTo(seen) > 0, "never below what it observed: " + next);

    HybridLogicalClock plain = new HybridLogicalClock("dev", wall::get);
    plain.now();
    plain.correct(50_000_000);
    assertEquals(50_000_000, plain.now().wallMillis(), "nothing observed: the corrected time");
  }

  @Test
  void aServerReadingWithinASecondOfTheClocksOwnTimeChangesNothing() {
    AtomicLong wall = new AtomicLong(5_000_000);
    HybridLogicalClock clock = new HybridLogicalClock("dev", wall::get);
    clock.correct(5_000_000 - 40); // the answer took 40 ms to arrive
    assertEquals(5_000_000, clock.wall());
    clock.correct(5_000_000 + 2_000);
    assertEquals(5_002_000, clock.wall());
  }

  @Test
  void counterOverflowBorrowsTheNextMillisecond() {
    HybridLogicalClock clock = new HybridLogicalClock("dev", () -> 1_000);
    clock.observe(new Hlc(1_000, Hlc.MAX_COUNTER, "x"));
    Hlc next = clock.now();
    assertEquals(1_001, next.wallMillis());
  }

  @Property
  void textOrderIsTimestampOrder(@ForAll @LongRange(min = 0, max = 99_999_999_999_999L) long w1,
      @ForAll @IntRange(max = 99_999) int c1,
      @ForAll @LongRange(min = 0, max = 99_999_999_999_999L) long w2,
      @ForAll @IntRange(max = 99_999) int c2,
      @ForAll @StringLength(min = 1, max = 8) String node) {
    Hlc a = new Hlc(w1, c1, "n" + node.replace('-', '_'));
    Hlc b = new Hlc(w2, c2, "n" + node.replace('-', '_'));
    assertEquals(Integer.signum(a.compareTo(b)),
        Integer.signum(a.toString().compareTo(b.toString())));
    assertEquals(a, Hlc.parse(a.toString()));
  }

  @Test
  void uuidV7IsWellFormedAndTimeOrdered() {
    String early = UuidV7.generate(1_700_000_000_000L);
    String late = UuidV7.generate(1_700_000_000_001L);
    assertTrue(UuidV7.isValid(early));
    assertEquals('7', early.charAt(14));
    assertTrue("89ab".indexOf(early.charAt(19)) >= 0);
    assertTrue(early.compareTo(late) < 0);
    assertFalse(UuidV7.isValid("00000000-0000-4000-8000-000000000000"));
    assertFalse(UuidV7.isValid(null));
  }
}
