package org.fieldsync.server.store;

/**
 * The outcome a revision got when first stored.
 *
 * @param outcome wire name
 * @param seq its sequence
 * @param receivedAt when it was stored (epoch ms)
 */
public record StoredOutcome(String outcome, long seq, long receivedAt) {}
