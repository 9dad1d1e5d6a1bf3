package org.fieldsync.protocol.wire;

/**
 * "There is something new for you": the client should pull. A hint only; carries no data, so a
 * lost poke costs latency, never correctness.
 *
 * @param reason why, e.g. {@code changes} or {@code scope}
 */
public record Poke(String reason) implements ServerMessage {}
