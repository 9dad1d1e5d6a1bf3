package org.fieldsync.protocol.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * Body of {@code POST /api/v1/sync/push}: a batch of revisions, applied in order in one
 * transaction. Pushing the same batch again is safe.
 *
 * @param deviceId the pushing device
 * @param revisions the revisions, oldest edit first
 * @param signatures one per revision, in the same order: the device's Ed25519 signature (base64url)
 *     over {@link org.fieldsync.protocol.Revisions#signingBytes}
 */
public record PushRequest(String deviceId, List<Revision> revisions, List<String> signatures) {
  public PushRequest {
    revisions = revisions == null ? List.of() : Collections.unmodifiableList(
        new ArrayList<>(revisions));
    signatures = signatures == null ? List.of() : Collections.unmodifiableList(
        new ArrayList<>(signatures));
  }

  /** An unsigned batch (refused by a server that requires enrolled devices). */
  public PushRequest(String deviceId, List<Revision> revisions) {
    this(deviceId, revisions, List.of());
  }
}
