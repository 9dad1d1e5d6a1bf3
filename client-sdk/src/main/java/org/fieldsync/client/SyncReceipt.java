package org.fieldsync.client;

import java.time.Instant;

/**
 * The server's signed statement that a revision reached the case record.
 *
 * @param recordId record
 * @param rev the revision the server received
 * @param seq its place in the server's sequence
 * @param receivedAt when the server stored it
 * @param outcome {@code accepted}, {@code merged} or {@code conflict} (kept for review)
 * @param verified whether the server's Ed25519 signature checked out against the key this device
 *     pinned on first contact
 */
public record SyncReceipt(String recordId, String rev, long seq, Instant receivedAt,
    String outcome, boolean verified) {}
