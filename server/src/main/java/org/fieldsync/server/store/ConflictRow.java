package org.fieldsync.server.store;

import java.util.List;

/**
 * One conflict: a record whose concurrent sides could not be merged safely.
 *
 * @param id conflict id
 * @param recordId the record
 * @param baseRev the common ancestor of the sides, null when they share none
 * @param status {@code open} or {@code resolved}
 * @param openedAt when it opened (epoch ms)
 * @param fields the conflicting fields
 * @param resolvedBy user id of the sync admin who resolved it
 * @param resolvedAt when (epoch ms)
 * @param reason the admin's reason
 * @param resolutionRev the revision that resolved it
 * @param type record type (from the record)
 * @param caseId case (from the record)
 * @param locality the case's locality
 * @param teamId the case's team
 * @param sides how many sides it has
 */
public record ConflictRow(
    String id,
    String recordId,
    String baseRev,
    String status,
    long openedAt,
    List<String> fields,
    String resolvedBy,
    Long resolvedAt,
    String reason,
    String resolutionRev,
    String type,
    String caseId,
    String locality,
    String teamId,
    int sides) {

  public ConflictRow {
    fields = fields == null ? List.of() : List.copyOf(fields);
  }
}
