package org.fieldsync.protocol.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fieldsync.protocol.Revision;

/**
 * Body of {@code POST /api/v1/sync/push}: a batch of revisions, applied in order in one
 * transaction. Pushing the same batch again is safe.
 *
 * <p>A push is signed one of two ways: once, by {@code rootSignature} over the root of the
 * revisions' Merkle tree ({@link org.fieldsync.protocol.PushSignatures}; what current clients
 * send), or one signature per revision in {@code signatures} (what earlier clients send). A
 * push with a {@code rootSignature} is checked by it alone.
 *
 * @param deviceId the pushing device
 * @param revisions the revisions, oldest edit first
 * @param signatures one per revision, in the same order: the device's Ed25519 signature (base64url)
 *     over {@link org.fieldsync.protocol.Revisions#signingBytes}; empty with a root signature
 * @param rootSignature the device's Ed25519 signature (base64url) over {@link
 *     org.fieldsync.protocol.PushSignatures#tree}'s root payload, or null
 */
public record PushRequest(String deviceId, List<Revision> revisions, List<String> signatures,
    String rootSignature) {
  public PushRequest {
    revisions = revisions == null ? List.of() : Collections.unmodifiableList(
        new ArrayList<>(revisions));
    signatures = signatures == null ? List.of() : Collections.unmodifiableList(
        new ArrayList<>(signatures));
  }

  /** A push signed per revision. */
  public PushRequest(String deviceId, List<Revision> revisions, List<String> signatures) {
    this(deviceId, revisions, signatures, null);
  }

  /** An unsigned batch (refused by a server that requires enrolled devices). */
  public PushRequest(String deviceId, List<Revision> revisions) {
    this(deviceId, revisions, List.of(), null);
  }
}
