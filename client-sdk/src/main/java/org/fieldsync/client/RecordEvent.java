package org.fieldsync.client;

import org.fieldsync.protocol.RecordType;

/**
 * Something sync did to a record that the worker should be able to see: their words were merged
 * with a colleague's, a sync admin resolved a conflict, the record went under review, or the
 * server refused a change.
 *
 * @param recordId the record
 * @param type its type
 * @param kind what happened
 * @param attention for {@link Kind#UNDER_REVIEW} and {@link Kind#NEEDS_ATTENTION}: why
 * @param note for {@link Kind#RESOLVED}: the sync admin's reason
 */
public record RecordEvent(String recordId, RecordType type, Kind kind, Attention attention,
    String note) {

  /** What happened to the record. */
  public enum Kind {
    /** The server merged this device's change with a concurrent one; the record holds both. */
    MERGED,
    /** A sync admin resolved the conflict this record was in; the resolution is now local. */
    RESOLVED,
    /** Concurrent changes could not be merged; every version is kept for a sync admin. */
    UNDER_REVIEW,
    /** The server refused this device's change; the worker's text is kept with the reason. */
    NEEDS_ATTENTION,
    /**
     * The record was restricted to named workers, or the case's consent no longer shares it with
     * a partner's agency, and it left this tablet (unless it held unpushed work, which is kept).
     * The event's note is the server's reason: {@code restricted} or {@code consent}.
     */
    WITHDRAWN
  }
}
