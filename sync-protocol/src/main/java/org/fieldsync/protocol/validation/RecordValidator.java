package org.fieldsync.protocol.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.fieldsync.protocol.DeviceIds;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.RecordBody;

/**
 * The one validator: the SDK runs it at save, the server at push, so both sides give the same
 * stable codes for the same mistake. Pure and thread-safe.
 *
 * <p>It checks the envelope (ids, case, revision arithmetic, clock) and then the body's rules for
 * its type ({@link BodyRules}). A tombstone's body is not checked: deleting an invalid draft must
 * always be possible.
 */
public final class RecordValidator {
  /** Body schema versions this build understands, per type. */
  public static final int SCHEMA_VERSION = 1;

  public static final int MAX_ID_LENGTH = 128;
  public static final int MAX_CHILDREN = 50;
  public static final int MAX_BODY_CHARS = 512 * 1024;

  private RecordValidator() {}

  public static ValidationResult validate(Revision r) {
    return validate(r, Long.MAX_VALUE - Hlc.MAX_AHEAD_MILLIS);
  }

  /**
   * As {@link #validate(Revision)}, and the revision's clock may be at most {@link
   * Hlc#MAX_AHEAD_MILLIS} ahead of {@code nowMillis} (the server's time, on the server).
   */
  public static ValidationResult validate(Revision r, long nowMillis) {
    Errors e = new Errors("record");
    Optional<RecordType> type = RecordType.fromWire(r.type());
    if (type.isEmpty()) {
      e.addRaw("type", ErrorCodes.RECORD_TYPE_UNKNOWN, "unknown record type '" + r.type() + "'");
    }
    envelope(r, type, e, nowMillis);
    if (type.isPresent() && !r.deleted() && r.body() != null
        && r.body().length() <= MAX_BODY_CHARS) {
      body(r, type.get(), e);
    }
    return e.list().isEmpty() ? ValidationResult.OK : new ValidationResult(e.list());
  }

  private static void envelope(Revision r, Optional<RecordType> type, Errors e,
      long nowMillis) {
    if (!UuidV7.isValid(r.id())) {
      e.addRaw("id", ErrorCodes.RECORD_ID_INVALID, "id must be a lower-case UUIDv7");
    }
    if (type.isPresent() && type.get().caseRequired() && blank(r.caseId())) {
      e.addRaw("caseId", ErrorCodes.RECORD_CASE_REQUIRED, "caseId is required");
    }
    if (r.caseId() != null && (r.caseId().isBlank() || r.caseId().length() > MAX_ID_LENGTH)) {
      e.addRaw("caseId", ErrorCodes.RECORD_CASE_REQUIRED, "caseId must be a non-blank id");
    }
    List<String> children = r.childIds();
    if (children.size() > MAX_CHILDREN
        || children.stream().anyMatch(c -> c == null || c.isBlank() || c.length() > MAX_ID_LENGTH)
        || new HashSet<>(children).size() != children.size()) {
      e.addRaw("childIds", ErrorCodes.RECORD_CHILD_IDS_INVALID,
          "childIds must be distinct non-blank ids, at most " + MAX_CHILDREN);
    }
    if (r.schemaVersion() != SCHEMA_VERSION) {
      e.addRaw("schemaVersion", ErrorCodes.RECORD_SCHEMA_VERSION_UNSUPPORTED,
          "schemaVersion " + r.schemaVersion() + " is not supported; this peer knows "
              + SCHEMA_VERSION);
    }
    if (blank(r.authorId())) {
      e.addRaw("authorId", ErrorCodes.RECORD_AUTHOR_REQUIRED, "authorId is required");
    }
    if (blank(r.deviceId())) {
      e.addRaw("deviceId", ErrorCodes.RECORD_DEVICE_REQUIRED, "deviceId is required");
    } else if (!DeviceIds.isRevisionDevice(r.deviceId())) {
      e.addRaw("deviceId", ErrorCodes.RECORD_DEVICE_INVALID, "deviceId must be "
          + DeviceIds.describe());
    }
    if (!Hlc.isValid(r.hlc())) {
      e.addRaw("hlc", ErrorCodes.RECORD_HLC_INVALID, "hlc must be an HLC timestamp");
    } else {
      Hlc hlc = Hlc.parse(r.hlc());
      if (!hlc.node().equals(r.deviceId())) {
        e.addRaw("hlc", ErrorCodes.RECORD_HLC_NODE, "the hlc's node must be the revision's"
            + " deviceId");
      }
      if (hlc.tooFarAhead(nowMillis)) {
        e.addRaw("hlc", ErrorCodes.RECORD_HLC_AHEAD, "the revision's clock is more than an hour"
            + " ahead of the server's; the device corrects its clock and sends it again");
      }
    }
    if (r.body() != null && r.body().length() > MAX_BODY_CHARS) {
      e.addRaw("body", ErrorCodes.RECORD_BODY_TOO_LARGE,
          "body is larger than " + MAX_BODY_CHARS + " characters");
    }
    revision(r, e);
  }

  private static void revision(Revision r, Errors e) {
    if (!Revisions.isWellFormed(r.rev())) {
      e.addRaw("rev", ErrorCodes.RECORD_REV_INVALID, "rev must look like '<generation>-<32 hex>'");
      return;
    }
    if (r.parentRev() == null) {
      if (r.generation() != 1) {
        e.addRaw("parentRev", ErrorCodes.RECORD_PARENT_REV_INVALID,
            "a revision after the first must name its parent");
        return;
      }
    } else if (!Revisions.isWellFormed(r.parentRev())
        || Revisions.generationOf(r.parentRev()) + 1 != r.generation()) {
      e.addRaw("parentRev", ErrorCodes.RECORD_PARENT_REV_INVALID,
          "parentRev must be a rev one generation older than rev");
      return;
    }
    if (!Revisions.revMatches(r)) {
      e.addRaw("rev", ErrorCodes.RECORD_REV_MISMATCH,
          "rev does not match the revision's content and parent");
    }
  }

  private static void body(Revision r, RecordType type, Errors envelopeErrors) {
    JsonNode tree;
    try {
      tree = ProtocolCodec.readTree(r.body());
    } catch (ProtocolException ex) {
      envelopeErrors.addRaw("body", ErrorCodes.RECORD_BODY_INVALID, "the body is not JSON");
      return;
    }
    List<FieldError> shape = BodyShape.check(tree, type.bodyClass(), BodyRules.prefix(type));
    if (!shape.isEmpty()) {
      envelopeErrors.list().addAll(shape); // the rules would only read a coerced body
      return;
    }
    RecordBody body;
    try {
      body = ProtocolCodec.decodeBody(tree, type.bodyClass());
    } catch (ProtocolException ex) {
      String path = ex.getMessage();
      String field = path == null || path.isEmpty() ? "body" : path;
      envelopeErrors.addRaw(field, ErrorCodes.RECORD_BODY_INVALID,
          "field '" + field + "' has the wrong type or format");
      return;
    }
    envelopeErrors.list().addAll(BodyRules.check(type, body, r));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
