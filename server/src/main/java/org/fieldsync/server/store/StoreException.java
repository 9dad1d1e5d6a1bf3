package org.fieldsync.server.store;

/** A storage failure. Its message is for logs only; clients get {@code server.internal}. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
