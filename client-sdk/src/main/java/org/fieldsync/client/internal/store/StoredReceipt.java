package org.fieldsync.client.internal.store;

/**
 * A sync receipt as the device keeps it.
 *
 * @param recordId record
 * @param rev the revision the server received
 * @param seq server sequence
 * @param serverTime when the server stored it (epoch ms)
 * @param outcome accepted, merged or conflict
 * @param keyId the signing key's id
 * @param signature base64url Ed25519 signature of the push's Merkle root
 * @param proof the Merkle path from this receipt to the signed root, comma-separated
 * @param verified whether the signature checked out against the pinned server key
 */
public record StoredReceipt(String recordId, String rev, long seq, long serverTime,
    String outcome, String keyId, String signature, String proof, boolean verified) {}
