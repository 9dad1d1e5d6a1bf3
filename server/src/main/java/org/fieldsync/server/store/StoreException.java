package org.fieldsync.server.store;

import java.sql.SQLException;

/**
 * A storage failure. Its message is for logs only: clients get {@code server.internal}, or
 * {@code 503 server.unavailable} when the store could not be reached at all (nothing was done,
 * so the request may be sent again).
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean unavailable;

  public StoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** A failure; {@code unavailable} when the store could not be reached and nothing was done. */
  public StoreException(String message, Throwable cause, boolean unavailable) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  /**
   * The store refused text it cannot hold (PostgreSQL text cannot hold a NUL character): the
   * caller's input is at fault, and nothing was done.
   */
  public boolean badText() {
    for (Throwable c = getCause(); c != null; c = c.getCause()) {
      if (c instanceof SQLException s && ("22021".equals(s.getSQLState())
          || "22P05".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /** The store could not be reached: nothing was done, and the request may be retried. */
  public boolean unavailable() {
    return unavailable;
  }
}
