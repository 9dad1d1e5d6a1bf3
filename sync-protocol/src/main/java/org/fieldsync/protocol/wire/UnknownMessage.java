package org.fieldsync.protocol.wire;

/** A WebSocket message kind this client does not know; ignored. */
public record UnknownMessage() implements ServerMessage {}
