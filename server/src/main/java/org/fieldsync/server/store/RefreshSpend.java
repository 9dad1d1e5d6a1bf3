package org.fieldsync.server.store;

/**
 * What spending a refresh token came to.
 *
 * @param outcome what happened
 * @param userId the token's user, when {@link Outcome#ROTATED} or {@link Outcome#RETRIED}
 */
public record RefreshSpend(Outcome outcome, String userId) {

  /** The ways a refresh can end. */
  public enum Outcome {
    /** Spent; the next token is stored. */
    ROTATED,
    /**
     * Spent moments ago and presented again before its successor was used: the device lost the
     * answer and retried. The unused successor is ended and a new one stored.
     */
    RETRIED,
    /** No such token. */
    UNKNOWN,
    /** Lapsed, or its sign-in ended. */
    EXPIRED,
    /** Already spent, outside the retry window: every token of its device is now ended. */
    REUSED,
    /** Presented for another device than its own: every token of its device is now ended. */
    OTHER_DEVICE
  }

  public boolean ok() {
    return outcome == Outcome.ROTATED || outcome == Outcome.RETRIED;
  }
}
