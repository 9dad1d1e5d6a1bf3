package org.fieldsync.protocol.gate;

import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * A record's content at one revision, as the gate compares it: the envelope fields a change can
 * touch and the body's canonical JSON text.
 *
 * @param caseId the case (null for anonymous feedback)
 * @param childIds the children the record concerns
 * @param deleted tombstone flag
 * @param body canonical JSON text of the body
 */
public record RecordState(String caseId, List<String> childIds, boolean deleted, String body) {

  public RecordState {
    childIds = childIds == null ? List.of() : List.copyOf(childIds);
    body = body == null ? "{}" : body;
  }

  /** The state a revision carries. */
  public static RecordState of(Revision r) {
    return new RecordState(r.caseId(), r.childIds(), r.deleted(), r.body());
  }
}
