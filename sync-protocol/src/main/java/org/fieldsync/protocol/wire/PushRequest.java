package org.fieldsync.protocol.wire;

import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * Body of {@code POST /api/v1/sync/push}: a batch of revisions, applied in order in one
 * transaction. Pushing the same batch again is safe.
 *
 * @param deviceId the pushing device
 * @param revisions the revisions, oldest edit first
 */
public record PushRequest(String deviceId, List<Revision> revisions) {
  public PushRequest {
    revisions = revisions == null ? List.of() : List.copyOf(revisions);
  }
}
