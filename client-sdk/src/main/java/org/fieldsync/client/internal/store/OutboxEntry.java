package org.fieldsync.client.internal.store;

/**
 * The one pending outgoing revision of a record.
 *
 * @param recordId the record
 * @param rev the pending revision's rev
 * @param parentRev its parent, nullable
 * @param queuedSeq FIFO position, assigned by the store when the record first became pending
 * @param revisionJson the full wire revision to push (opaque to the store)
 */
public record OutboxEntry(
    String recordId, String rev, String parentRev, long queuedSeq, String revisionJson) {}
