package org.fieldsync.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter" (AWS architecture blog, "Exponential Backoff And
 * Jitter"): the wait is uniform in [cap/2, cap] where cap = min(max, base * 2^attempt). Jitter
 * spreads a few hundred tablets that lost the same mast so they do not return in step; unlike full
 * jitter it never retries at once, which a tablet on a failing link would only waste battery on.
 * Thread-safe (a connectivity hint resets it from another thread); one per engine.
 */
final class Backoff {
  private final long baseMillis;
  private final long maxMillis;
  private int attempt;

  Backoff(Duration base, Duration max) {
    this.baseMillis = Math.max(1, base.toMillis());
    this.maxMillis = Math.max(baseMillis, max.toMillis());
  }

  synchronized long nextDelayMillis() {
    long cap = baseMillis << Math.min(attempt, 20);
    attempt++;
    long bound = Math.min(maxMillis, cap);
    return ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
  }

  synchronized void reset() {
    attempt = 0;
  }
}
