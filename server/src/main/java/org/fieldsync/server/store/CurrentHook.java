package org.fieldsync.server.store;

import java.sql.SQLException;
import org.fieldsync.protocol.Revision;

/**
 * Told, inside the write transaction, each time a revision becomes a record's current one: the
 * export outbox's way in (decision 0033). Whatever it writes commits or rolls back with the
 * revision, so an exportable revision and its export entry are never apart. It must only queue
 * writes (no reads), so a push of 1,000 records stays two batches and not 1,000 round trips.
 */
@FunctionalInterface
public interface CurrentHook {
  /** Does nothing. */
  CurrentHook NONE = (tx, r, outcome, seq, now) -> { };

  /**
   * A revision became current.
   *
   * @param tx the transaction it became current in
   * @param r the revision
   * @param outcome how it was stored: accepted, merge, resolution, decision, sign-off
   * @param seq its server sequence
   * @param now the transaction's time, epoch ms
   */
  void current(Tx tx, Revision r, String outcome, long seq, long now) throws SQLException;
}
