package org.fieldsync.server.export;

import java.util.List;

/**
 * Where export messages go. A sink takes a batch and answers each message: delivered, or failed
 * with the sink's answer and whether trying again could help. It must be safe to call again with
 * a message it already took (at-least-once delivery): receivers dedup by the idempotency key.
 */
interface Sink extends AutoCloseable {

  /**
   * One message to deliver.
   *
   * @param key the idempotency key (record id and rev)
   * @param body the message's JSON bytes
   */
  record Message(String key, byte[] body) {}

  /**
   * A delivery's result.
   *
   * @param ok the sink took it
   * @param permanent the sink refused it in a way a retry cannot fix (dead-letter it at once)
   * @param answer the sink's answer: status and the start of its body, or the error
   */
  record Result(boolean ok, boolean permanent, String answer) {}

  /** Delivers each message; one result per message, in order. Blocking. */
  List<Result> deliver(List<Message> batch);

  @Override
  default void close() {}
}
