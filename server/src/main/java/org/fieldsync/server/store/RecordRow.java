package org.fieldsync.server.store;

/**
 * The current state of a record.
 *
 * @param recordId record id
 * @param caseId case, nullable
 * @param currentRev the winning rev
 * @param seq sequence of the record's last change
 * @param status {@code current} or {@code conflicted}
 */
public record RecordRow(
    String recordId, String type, String caseId, String currentRev, long seq, String status) {}
