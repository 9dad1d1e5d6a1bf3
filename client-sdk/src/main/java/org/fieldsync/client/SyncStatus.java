package org.fieldsync.client;

import java.time.Instant;

/**
 * A snapshot of the sync engine, delivered to {@link SyncStatusListener}s.
 *
 * <p>Invariants: counts are never negative; {@code pending} counts records with unpushed changes;
 * {@code lastError} and {@code lastErrorAt} are both null or both set, and both become null when a
 * pass completes (while a new pass runs they still describe the last failure, and {@code
 * lastErrorAt} says how old it is); {@code pushed} and {@code pulled} are totals since this {@link
 * FieldSync} was built.
 *
 * @param phase what the engine is doing
 * @param pending records with unpushed local changes
 * @param needsAttention records the server refused
 * @param underReview records in conflict, waiting for a sync admin
 * @param pushed revisions pushed and answered since start
 * @param pulled changes pulled and applied since start
 * @param lastSyncCompleted when a full push-then-pull last completed, null if never
 * @param lastError the last failure, null if the last attempt succeeded
 * @param lastErrorAt when the last failure happened, null if the last attempt succeeded
 */
public record SyncStatus(
    Phase phase,
    int pending,
    int needsAttention,
    int underReview,
    long pushed,
    long pulled,
    Instant lastSyncCompleted,
    FieldSyncException lastError,
    Instant lastErrorAt) {

  /** What the engine is doing now. */
  public enum Phase {
    /** Not syncing; background sync is stopped or waiting for a change or a poke. */
    IDLE,
    PUSHING,
    PULLING,
    /** The last attempt failed; waiting before the next try. */
    BACKING_OFF,
    CLOSED,
    /** The device was revoked and wiped its data. */
    WIPED
  }
}
