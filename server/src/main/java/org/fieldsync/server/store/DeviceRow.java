package org.fieldsync.server.store;

/**
 * What a device last reported.
 *
 * @param deviceId device
 * @param userId the user signed in on it
 * @param appVersion the app's version, if sent
 * @param lastSeenAt last request (epoch ms)
 * @param pending records waiting to be pushed, if reported
 * @param needsAttention records refused and waiting for the worker, if reported
 */
public record DeviceRow(String deviceId, String userId, String appVersion, long lastSeenAt,
    Integer pending, Integer needsAttention) {}
