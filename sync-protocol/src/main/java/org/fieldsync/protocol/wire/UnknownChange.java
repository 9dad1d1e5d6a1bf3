package org.fieldsync.protocol.wire;

/** A change kind this client does not know; skipped, never an error. */
public record UnknownChange() implements Change {}
