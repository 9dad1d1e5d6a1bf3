package org.fieldsync.client;

/** Removes the listener it was returned for. Closing twice is harmless. */
@FunctionalInterface
public interface ListenerToken extends AutoCloseable {
  @Override
  void close();
}
