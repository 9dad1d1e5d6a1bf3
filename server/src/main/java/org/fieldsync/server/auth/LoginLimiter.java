package org.fieldsync.server.auth;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per user name and per client address in a sliding window. Over the limit,
 * further attempts are refused before any password work, so guessing is slow and cannot make the
 * server hash passwords on demand. A success clears the user name's count.
 */
public final class LoginLimiter {
  private static final int MAX_KEYS = 100_000;
  private final int perUser;
  private final int perAddress;
  private final long windowMillis;
  private final LongSupplier clock;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  public LoginLimiter(int perUser, int windowSeconds, LongSupplier clock) {
    this.perUser = perUser;
    this.perAddress = perUser * 4;
    this.windowMillis = windowSeconds * 1000L;
    this.clock = clock;
  }

  /** Seconds until the caller may try again, or 0 if it may try now. */
  public long retryAfterSeconds(String username, String address) {
    long now = clock.getAsLong();
    long wait = Math.max(wait("u:" + normal(username), perUser, now),
        wait("a:" + address, perAddress, now));
    return wait == 0 ? 0 : Math.max(1, (wait + 999) / 1000);
  }

  public void failed(String username, String address) {
    long now = clock.getAsLong();
    if (failures.size() > MAX_KEYS) {
      failures.entrySet().removeIf(e -> prune(e.getValue(), now).isEmpty());
    }
    add("u:" + normal(username), now);
    add("a:" + address, now);
  }

  public void succeeded(String username) {
    failures.remove("u:" + normal(username));
  }

  private void add(String key, long now) {
    Deque<Long> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d, now).addLast(now);
    }
  }

  private long wait(String key, int limit, long now) {
    Deque<Long> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    synchronized (d) {
      prune(d, now);
      if (d.size() < limit) {
        return 0;
      }
      // Open again when enough of the window's failures have aged out.
      return d.toArray(new Long[0])[d.size() - limit] + windowMillis - now;
    }
  }

  private Deque<Long> prune(Deque<Long> d, long now) {
    synchronized (d) {
      while (!d.isEmpty() && d.peekFirst() <= now - windowMillis) {
        d.pollFirst();
      }
      return d;
    }
  }

  private static String normal(String username) {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }
}
