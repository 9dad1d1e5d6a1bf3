package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldsync.server.auth.SignInThrottle.Attempt;
import org.junit.jupiter.api.Test;

/** The throttle on its own, on a clock the test moves: waits that double, and never a lock. */
class SignInThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SignInThrottle t = new SignInThrottle(3, 600, now::get);

  private static Attempt at(String user, String address) {
    return new Attempt(user, address, null);
  }

  @Test
  void pastTheFreeFailuresEachWaitDoublesUpToTheWindowAndThenOpens() {
    Attempt a = at("fw.bea", "10.0.0.1");
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.retryAfterSeconds(a), "free failure " + i);
      t.failed(a);
    }
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      long wait = t.retryAfterSeconds(a);
      waits.add(wait);
      now.addAndGet(wait * 1000);
      assertEquals(0, t.retryAfterSeconds(a), "after the wait, one more try: never a lock");
      t.failed(a);
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 600L, 600L, 600L,
        600L), waits, "doubling, up to the window");
    now.addAndGet(600_001);
    assertEquals(0, t.retryAfterSeconds(a), "a window without failures forgets them");
    t.failed(a);
    assertEquals(0, t.retryAfterSeconds(a), "and the free failures are free again");
  }

  @Test
  void theUserNameAndCaseDoNotMatterButTheAddressDoes() {
    for (int i = 0; i < 3; i++) {
      t.failed(at("FW.Bea ", "10.0.0.1"));
    }
    assertTrue(t.retryAfterSeconds(at("fw.bea", "10.0.0.1")) > 0);
    assertEquals(0, t.retryAfterSeconds(at("fw.bea", "10.0.0.2")),
        "another address is not the guesser's");
    assertEquals(0, t.retryAfterSeconds(at("fw.alice", "10.0.0.1")),
        "nor is another user at the same address");
  }

  @Test
  void aUserNameGuessedFromManyAddressesIsSlowedForUnfamiliarAddressesOnly() {
    t.succeeded(at("fw.bea", "10.9.9.9")); // Bea's office
    for (int i = 0; i < 12; i++) {
      t.failed(at("fw.bea", "10.0.1." + i));
    }
    assertTrue(t.retryAfterSeconds(at("fw.bea", "10.0.2.1")) > 0, "a new address waits");
    assertEquals(0, t.retryAfterSeconds(at("fw.bea", "10.9.9.9")), "her office does not");
    assertEquals(0, t.retryAfterSeconds(new Attempt("fw.bea", "10.0.2.1", "bea-tablet")),
        "nor does her tablet, anywhere");
  }

  @Test
  void oneAddressTryingManyNamesIsSlowedButNotForThoseWhoSignedInThere() {
    t.succeeded(at("fw.alice", "10.0.0.7"));
    for (int i = 0; i < 12; i++) {
      t.failed(at("user" + i, "10.0.0.7"));
    }
    assertTrue(t.retryAfterSeconds(at("someone-new", "10.0.0.7")) > 0);
    assertEquals(0, t.retryAfterSeconds(at("fw.alice", "10.0.0.7")),
        "a colleague who signs in there is not locked out by the sprayer");
    now.addAndGet(SignInThrottle.FAMILIAR_MILLIS + 1);
    assertEquals(0, t.retryAfterSeconds(at("fw.alice", "10.0.0.7")), "and the window passed");
  }

  @Test
  void aDeviceIsThrottledByItsOwnFailuresOnly() {
    Attempt tablet = new Attempt("fw.carl", "10.0.0.3", "carl-tablet");
    for (int i = 0; i < 3; i++) {
      t.failed(tablet);
    }
    assertTrue(t.retryAfterSeconds(tablet) > 0, "a stolen tablet guesses slowly too");
    assertEquals(0, t.retryAfterSeconds(at("fw.carl", "10.0.0.3")),
        "its failures are its own bucket's");
    now.addAndGet(t.retryAfterSeconds(tablet) * 1000);
    t.succeeded(tablet);
    t.failed(tablet);
    assertEquals(0, t.retryAfterSeconds(tablet), "a success empties it");
  }

  @Test
  void enrolmentFailuresAreCountedPerAddress() {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, t.enrolmentRetryAfterSeconds("10.0.0.4"));
      t.enrolmentFailed("10.0.0.4");
    }
    assertEquals(1, t.enrolmentRetryAfterSeconds("10.0.0.4"));
    assertEquals(0, t.enrolmentRetryAfterSeconds("10.0.0.5"));
  }
}
