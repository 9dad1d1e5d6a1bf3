package org.fieldsync.client.internal.security;

/**
 * The server's lease on this device's data: the lease key that, with the PIN, unwraps the data
 * key, and when it runs out.
 *
 * @param key the lease key's bytes
 * @param expiresAt epoch milliseconds
 */
public record Lease(byte[] key, long expiresAt) {}
