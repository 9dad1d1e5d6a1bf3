package org.fieldsync.protocol;

import java.util.List;

/**
 * One revision of a record: the envelope every record travels in, on the wire and in storage.
 *
 * <p>{@code body} holds the <em>canonical JSON text</em> of the record body (see {@link
 * CanonicalJson}); on the wire it is an ordinary JSON object and {@link ProtocolCodec} converts.
 * Keeping the body as canonical text, rather than as a typed Java record, means a server or client
 * never drops a field that a newer peer added: the revision id hashes exactly these bytes.
 *
 * @param id UUIDv7 minted on the device
 * @param type wire name of a {@link RecordType}; an unknown name is kept, never coerced
 * @param caseId the case (family); null only for anonymous family feedback
 * @param childIds the children the record concerns (may be empty for family-level records)
 * @param rev {@code <generation>-<32 hex>}, see {@link Revisions#computeRev}
 * @param parentRev the revision this one was edited from; null for generation 1
 * @param deleted tombstone flag
 * @param schemaVersion version of the body schema for this type
 * @param authorId user id of the author
 * @param deviceId device that created the revision
 * @param hlc hybrid logical clock timestamp, see {@link Hlc}
 * @param body canonical JSON text of the body object
 */
public record Revision(
    String id,
    String type,
    String caseId,
    List<String> childIds,
    String rev,
    String parentRev,
    boolean deleted,
    int schemaVersion,
    String authorId,
    String deviceId,
    String hlc,
    String body) {

  public Revision {
    childIds = childIds == null ? List.of() : List.copyOf(childIds);
  }

  /** The generation encoded in {@link #rev()}, or 0 when the rev is malformed. */
  public int generation() {
    return Revisions.generationOf(rev);
  }

  /** A copy with another rev and parent, for building the next revision. */
  public Revision withRev(String newRev, String newParentRev) {
    return new Revision(
        id, type, caseId, childIds, newRev, newParentRev, deleted, schemaVersion, authorId,
        deviceId, hlc, body);
  }
}
