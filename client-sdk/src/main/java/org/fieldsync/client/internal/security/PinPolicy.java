package org.fieldsync.client.internal.security;

/**
 * How the worker's PIN is stretched and how many wrong ones are allowed.
 *
 * @param memoryKib Argon2id memory
 * @param iterations Argon2id passes
 * @param maxAttempts wrong PINs in a row before the keys are destroyed
 */
public record PinPolicy(int memoryKib, int iterations, int maxAttempts) {}
