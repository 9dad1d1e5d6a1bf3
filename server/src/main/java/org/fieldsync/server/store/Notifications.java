package org.fieldsync.server.store;

import java.util.function.Consumer;

/**
 * Messages between the server nodes that share a store: PostgreSQL's LISTEN/NOTIFY on
 * PostgreSQL, and in-process delivery on SQLite (one node). Every subscriber of the store gets
 * every message, its own node's included; a message is small (under 8,000 bytes) and may be
 * lost when a node's listening connection drops, so subscribers also get {@code onResync} after
 * a reconnection and reload what they cache.
 */
public interface Notifications extends AutoCloseable {
  /** Sends {@code payload} to every subscriber of the store, on every node. */
  void publish(String payload);

  /**
   * Calls {@code handler} with each message, on the notifications thread (it must be quick and
   * must not throw), and {@code onResync} after messages may have been missed.
   */
  void subscribe(Consumer<String> handler, Runnable onResync);

  @Override
  void close();
}
