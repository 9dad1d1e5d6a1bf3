package org.fieldsync.server.caserecord;

import java.sql.SQLException;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Tx;

/**
 * Which records a manager's action (a decision, a sign-off, a restriction) may touch: one of a
 * case in the caller's scope that is not restricted away from them. Anything else is the same 404
 * as a record that does not exist, so ids of other families' records leak nothing.
 */
final class RecordAccess {
  private RecordAccess() {}

  /** The record, if the caller may act on it; else a 404 problem. */
  static RecordRow inScope(Tx tx, Principal who, String id) throws SQLException {
    RecordRow rec = tx.revisions().current(id).orElse(null);
    if (rec == null || rec.caseId() == null
        || !tx.directory().recordInScope(who.scope(), id, rec.caseId())
        || !tx.restrictions().visibleTo(id, who.userId())) {
      throw new ApiException(404, ErrorCodes.RECORD_NOT_FOUND,
          "no record " + id + " that you may see");
    }
    return rec;
  }
}
