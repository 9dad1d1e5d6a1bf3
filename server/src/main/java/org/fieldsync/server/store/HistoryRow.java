package org.fieldsync.server.store;

import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * One stored revision of a record, with what the server did with it.
 *
 * @param revision the revision
 * @param otherParents further parents of a merge or resolution
 * @param seq server sequence
 * @param receivedAt when the server stored it (epoch ms)
 * @param outcome accepted, merged, merge, conflict or resolution
 * @param pushedBy the user whose push or action stored it
 */
public record HistoryRow(
    Revision revision,
    List<String> otherParents,
    long seq,
    long receivedAt,
    String outcome,
    String pushedBy) {

  public HistoryRow {
    otherParents = otherParents == null ? List.of() : List.copyOf(otherParents);
  }
}
