package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Answer to {@code GET /api/v1/sync/changes}: changes in server-sequence order and the checkpoint
 * to ask from next. Checkpoints are opaque: a client stores and returns them, never reads them.
 *
 * @param changes the changes on this page
 * @param checkpoint where to continue from
 * @param hasMore whether another page is ready now
 */
public record ChangesPage(List<Change> changes, String checkpoint, boolean hasMore) {
  public ChangesPage {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
