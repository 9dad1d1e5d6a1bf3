package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Answer to {@code GET /api/v1/cases/{caseId}/timeline}: every current record of the case, in HLC
 * order.
 *
 * @param caseId the case
 * @param records current revisions with their status
 */
public record TimelineResponse(String caseId, List<RecordChange> records) {
  public TimelineResponse {
    records = records == null ? List.of() : List.copyOf(records);
  }
}
