package org.fieldsync.client;

/**
 * What one {@link FieldSync#syncNow()} did.
 *
 * @param pushed revisions pushed and answered
 * @param accepted of those, accepted or already stored
 * @param conflicts of those, kept by the server as conflicts
 * @param rejected of those, refused and now needing attention
 * @param pulled changes pulled and applied
 * @param roundTrips HTTP requests made
 */
public record SyncResult(
    int pushed, int accepted, int conflicts, int rejected, int pulled, int roundTrips) {}
