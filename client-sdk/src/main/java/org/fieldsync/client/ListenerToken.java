package org.fieldsync.client;

/** Removes the listener it was returned for. Closing twice is harmless. */
@FunctionalInterface
public interface ListenerToken extends AutoCloseable {
  /** Removes the listener; it gets nothing more (one call may already be running). */
  @Override
  void close();
}
