package org.fieldsync.server.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing without letting anyone lock anyone else out (decision 0028; OWASP's
 * authentication guidance: throttle, do not hard-lock). Failed attempts are counted in buckets;
 * past a bucket's free failures, the next attempt must wait one second after the last failure,
 * and each further failure doubles the wait, up to the window. A bucket forgets its failures
 * after a window without any. A waiting attempt is refused before any password work, so
 * guessing stays slow and cannot make the server hash on demand.
 *
 * <p>Which buckets an attempt counts in depends on what it proves:
 *
 * <ul>
 *   <li>signed by an enrolled device of the user: that device's bucket only. Someone else's
 *       failures, from any address, never slow a worker's own tablet;
 *   <li>from a <em>familiar</em> address (one the user signed in from successfully in the last
 *       30 days): the (user, address) bucket only. An attacker elsewhere, or a colleague behind
 *       the same office address mistyping their own password, does not slow it;
 *   <li>otherwise: the (user, address) bucket, and also the user name's and the address's
 *       buckets (four times the free failures), which slow a guesser spread over many addresses
 *       and one address trying many names.
 * </ul>
 *
 * <p>Enrolment codes are counted per address, but a valid code is never refused for it (see
 * {@code TabletRoutes}). A success empties the buckets that only the signer's own attempts fill
 * (its device, or its user and address) and makes the address familiar. State is in memory, per
 * server node; bounded by pruning aged entries.
 */
public final class SignInThrottle {
  /** How long a successful sign-in makes its address familiar for that user. */
  static final long FAMILIAR_MILLIS = 30L * 24 * 3600 * 1000;
  /** The first wait once a bucket's free failures are spent; each further failure doubles it. */
  static final long FIRST_WAIT_MILLIS = 1_000;
  private static final int MAX_KEYS = 100_000;

  /**
   * One sign-in attempt.
   *
   * @param username the user name tried, as typed
   * @param address the client's address
   * @param provenDevice the enrolled device of this user whose signature the attempt carries
   *     (verified), or null
   */
  public record Attempt(String username, String address, String provenDevice) {}

  private final int free;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, Bucket> failures = new ConcurrentHashMap<>();
  private final Map<String, Long> familiar = new ConcurrentHashMap<>();
  private volatile Listener listener = (event, attempt) -> { };

  /**
   * Told of every failure and success counted here, so several nodes count what every node saw
   * (a guesser who spreads attempts across nodes gains nothing).
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * One counted event.
     *
     * @param event {@code failed}, {@code succeeded} or {@code enrolmentFailed}
     * @param attempt the attempt (for an enrolment, only its address)
     */
    void counted(String event, Attempt attempt);
  }

  /**
   * A throttle.
   *
   * @param freeFailures failures a (user, address), a device or an address's enrolments may make
   *     in the window before attempts must wait; a user name and an address get four times this
   * @param windowSeconds how long failures are remembered, and the longest wait
   * @param clock epoch milliseconds
   */
  public SignInThrottle(int freeFailures, int windowSeconds, LongSupplier clock) {
    this.free = freeFailures;
    this.windowMillis = windowSeconds * 1000L;
    this.clock = clock;
  }

  /** Seconds until this attempt may be made, or 0 if it may be made now. */
  public long retryAfterSeconds(Attempt a) {
    long now = clock.getAsLong();
    long wait = 0;
    for (Key b : buckets(a, now)) {
      wait = Math.max(wait, wait(b.key(), b.free(), now));
    }
    return seconds(wait);
  }

  /** Counts a failed attempt (wrong password, unknown user name). */
  public void failed(Attempt a) {
    apply("failed", a);
    listener.counted("failed", a);
  }

  /** A successful sign-in: its own buckets empty, and its address is familiar to its user. */
  public void succeeded(Attempt a) {
    apply("succeeded", a);
    listener.counted("succeeded", a);
  }

  /** Tells {@code l} of every event counted here (one listener; the last set wins). */
  public void onChange(Listener l) {
    listener = l;
  }

  /** Counts an event another node saw, without telling the listener again. */
  public void apply(String event, Attempt a) {
    long now = clock.getAsLong();
    switch (event) {
      case "failed" -> {
        for (Key b : buckets(a, now)) {
          add(b.key(), now);
        }
      }
      case "succeeded" -> remember(a, now);
      case "enrolmentFailed" -> add("e:" + a.address(), now);
      default -> { }
    }
  }

  private void remember(Attempt a, long now) {
    failures.remove(pair(a));
    if (a.provenDevice() != null) {
      failures.remove("d:" + a.provenDevice());
    }
    if (familiar.size() > MAX_KEYS) {
      familiar.values().removeIf(at -> at <= now - FAMILIAR_MILLIS);
    }
    familiar.put(pair(a), now);
  }

  /** Seconds until an address that sent wrong enrolment codes may be told about one again. */
  public long enrolmentRetryAfterSeconds(String address) {
    return seconds(wait("e:" + address, free, clock.getAsLong()));
  }

  /** Counts a wrong, used or expired enrolment code from an address. */
  public void enrolmentFailed(String address) {
    Attempt a = new Attempt(null, address, null);
    apply("enrolmentFailed", a);
    listener.counted("enrolmentFailed", a);
  }

  private record Key(String key, int free) {}

  private List<Key> buckets(Attempt a, long now) {
    List<Key> out = new ArrayList<>(3);
    if (a.provenDevice() != null) {
      out.add(new Key("d:" + a.provenDevice(), free));
      return out;
    }
    out.add(new Key(pair(a), free));
    Long seen = familiar.get(pair(a));
    if (seen == null || seen <= now - FAMILIAR_MILLIS) {
      out.add(new Key("u:" + normal(a.username()), free * 4));
      out.add(new Key("a:" + a.address(), free * 4));
    }
    return out;
  }

  private static String pair(Attempt a) {
    return "p:" + normal(a.username()) + "\n" + a.address();
  }

  private void add(String key, long now) {
    if (failures.size() > MAX_KEYS) {
      failures.values().removeIf(b -> b.quiet(now));
    }
    failures.computeIfAbsent(key, k -> new Bucket()).fail(now);
  }

  /**
   * Milliseconds until a bucket takes another attempt: none while it holds fewer than
   * {@code limit} failures; then one second after the last failure, doubling with each failure
   * past the limit, never more than the window.
   */
  private long wait(String key, int limit, long now) {
    Bucket b = failures.get(key);
    return b == null ? 0 : b.wait(limit, now);
  }

  /**
   * Consecutive failures and the time of the last; forgotten after a window without failures
   * (a sliding count would hand a patient guesser free tries again as old failures age out).
   */
  private final class Bucket {
    private int count;
    private long last;

    synchronized boolean quiet(long now) {
      return now - last > windowMillis;
    }

    synchronized void fail(long now) {
      count = quiet(now) ? 1 : count + 1;
      last = now;
    }

    synchronized long wait(int limit, long now) {
      if (quiet(now) || count < limit) {
        return 0;
      }
      long delay = Math.min(windowMillis, FIRST_WAIT_MILLIS << Math.min(count - limit, 30));
      return Math.max(0, last + delay - now);
    }
  }

  private static long seconds(long millis) {
    return millis <= 0 ? 0 : Math.max(1, (millis + 999) / 1000);
  }

  private static String normal(String username) {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }
}
