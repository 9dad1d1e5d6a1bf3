package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Answer to {@code GET /api/v1/sync/changes}: changes in server-sequence order and the checkpoint
 * to ask from next. Checkpoints are opaque: a client stores and returns them, never reads them.
 *
 * @param changes the changes on this page
 * @param checkpoint where to continue from
 * @param hasMore whether another page is ready now
 * @param caseloadTag on the last page, when the client sent {@code caseloadTag}: the tag of the
 *     user's caseload now ({@link Caseload#tag}); null otherwise
 * @param caseload on that page, the caseload itself when its tag differs from the client's
 */
public record ChangesPage(List<Change> changes, String checkpoint, boolean hasMore,
    String caseloadTag, Caseload caseload) {
  public ChangesPage {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** A page without caseload news. */
  public ChangesPage(List<Change> changes, String checkpoint, boolean hasMore) {
    this(changes, checkpoint, hasMore, null, null);
  }

  /** This page with the caseload's tag, and the caseload when the client's tag is another. */
  public ChangesPage withCaseload(Caseload now, String clientTag) {
    String tag = now.tag();
    return new ChangesPage(changes, checkpoint, hasMore, tag, tag.equals(clientTag) ? null : now);
  }
}
