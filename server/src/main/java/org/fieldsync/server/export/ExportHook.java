package org.fieldsync.server.export;

import java.sql.SQLException;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.store.CurrentHook;
import org.fieldsync.server.store.Tx;

/**
 * The outbox's way in: installed on the store ({@link org.fieldsync.server.store.Store#onCurrent})
 * so that a revision reaching an exportable state queues one entry per sink in the very
 * transaction that makes it current, whichever path wrote it (a push, a merge, a resolution, a
 * decision, a sign-off). Rejected: writing entries from each route (the rule would live in five
 * places and the next writer would forget it) and scanning the feed afterwards (an entry could be
 * missed or doubled across a crash).
 */
final class ExportHook implements CurrentHook {
  private final ExportSettings settings;

  ExportHook(ExportSettings settings) {
    this.settings = settings;
  }

  @Override
  public void current(Tx tx, Revision r, String outcome, long seq, long now)
      throws SQLException {
    String reason = ExportRules.reason(settings, r, outcome);
    if (reason == null) {
      return;
    }
    for (ExportSettings.Sink s : settings.sinks()) {
      tx.exports().queue(s.name(), r.id(), r.rev(), seq, r.type(), reason, now);
    }
  }
}
