package org.fieldsync.protocol;

/**
 * Stable error codes shared by server and clients. A code never changes meaning once published;
 * messages are for people and may change. Field-level validation codes have the form {@code
 * <type>.<field>.<problem>}, for example {@code visit.childrenSeen.required}; see {@link
 * org.fieldsync.protocol.validation.RecordValidator}.
 */
public final class ErrorCodes {
  private ErrorCodes() {}

  // Request-level (HTTP 4xx problem bodies).
  public static final String REQUEST_BODY_MALFORMED = "request.body.malformed";
  public static final String REQUEST_BODY_INVALID = "request.body.invalid";
  public static final String REQUEST_BODY_TOO_LARGE = "request.body.tooLarge";
  public static final String REQUEST_BODY_TOO_DEEP = "request.body.tooDeep";
  public static final String REQUEST_PARAM_INVALID = "request.param.invalid";
  /** A throttled sign-in or enrolment: wait {@code Retry-After} seconds (PROTOCOL.md 8.1b). */
  public static final String AUTH_RATE_LIMITED = "auth.rateLimited";
  /** A body was sent with a content type other than JSON. */
  public static final String REQUEST_CONTENT_TYPE = "request.contentType.unsupported";
  public static final String REQUEST_CONTENT_ENCODING = "request.contentEncoding.unsupported";
  /** The HTTP request itself could not be read (request line, headers). */
  public static final String REQUEST_MALFORMED = "request.malformed";
  public static final String ROUTE_NOT_FOUND = "route.notFound";
  public static final String METHOD_NOT_ALLOWED = "method.notAllowed";
  public static final String PUSH_BATCH_TOO_LARGE = "push.batch.tooLarge";
  public static final String CHECKPOINT_INVALID = "sync.checkpoint.invalid";
  /**
   * The checkpoint is another store's, from before a restore, or ahead of what this store holds:
   * pull from the start and push again what the server lacks (410).
   */
  public static final String CHECKPOINT_RESET = "sync.checkpoint.reset";
  public static final String AUTH_REQUIRED = "auth.required";
  public static final String AUTH_TOKEN_INVALID = "auth.token.invalid";
  public static final String AUTH_CREDENTIALS_INVALID = "auth.credentials.invalid";
  /**
   * A refresh token that is unknown, expired, already spent, or not signed by its device: sign in
   * with the password again.
   */
  public static final String AUTH_REFRESH_INVALID = "auth.refresh.invalid";
  /** No such record, or not one the caller may see: the same answer for both. */
  public static final String RECORD_NOT_FOUND = "record.notFound";
  public static final String USER_NOT_FOUND = "user.notFound";
  public static final String CASE_NOT_FOUND = "case.notFound";
  public static final String DEVICE_NOT_FOUND = "device.notFound";
  /** The request needs an enrolled device and the session has none. */
  public static final String DEVICE_NOT_ENROLLED = "device.notEnrolled";
  /** The device has been revoked: it must wipe its data. */
  public static final String DEVICE_REVOKED = "device.revoked";
  /** The device was reported lost: no lease, and it must wipe its data. */
  public static final String DEVICE_LOST = "device.lost";
  /** The device is enrolled for another user. */
  public static final String DEVICE_OTHER_USER = "device.otherUser";
  public static final String SERVER_INTERNAL = "server.internal";
  public static final String SERVER_UNAVAILABLE = "server.unavailable";
  /**
   * The server holds what was asked for, but its stored copy no longer matches its digest (a
   * revision its rev, an attachment its SHA-256), so it is not served (500). Like any 5xx: keep
   * everything, try again later; the server's operators restore the damaged copy.
   */
  public static final String STORE_CORRUPT = "store.corrupt";

  // Item-level (a rejected push outcome).
  public static final String RECORD_INVALID = "record.invalid";
  public static final String RECORD_TYPE_UNKNOWN = "record.type.unknown";
  public static final String SCOPE_CASE_NOT_ALLOCATED = "scope.case.notAllocated";
  public static final String SCOPE_ROLE_FORBIDDEN = "scope.role.forbidden";
  /** The record is restricted to named workers and the caller is not one. */
  public static final String SCOPE_RECORD_RESTRICTED = "scope.record.restricted";
  /** A revision whose device signature does not verify: forged or altered. */
  public static final String REVISION_SIGNATURE_INVALID = "revision.signature.invalid";

  // Record rules (RecordGate): item-level in a push, field errors in a resolution or decision.
  /** A server-owned field (an FNSP decision, a sign-off) changed by a writer not owning it. */
  public static final String RECORD_SERVER_OWNED = "record.serverOwned";
  /** A sealed field of a sealed record changed, or a sealed record deleted: add an addendum. */
  public static final String RECORD_SEALED = "record.sealed";
  /** A record's status moved where its lifecycle does not go. */
  public static final String RECORD_STATUS_TRANSITION = "record.statusTransition";
  /** A decision, sign-off or restriction tried to change something besides its own fields. */
  public static final String RECORD_NOT_WRITABLE = "record.notWritable";
  /** A resolution edited a sealed, server-owned or structural field instead of choosing a side. */
  public static final String CONFLICT_CHOICE_NOT_EDITABLE = "conflict.choice.notEditable";
  /** A decision on an FNSP request that is not submitted (a draft, or deleted). */
  public static final String DECISION_NOT_SUBMITTED = "decision.notSubmitted";
  /** A decision on an FNSP request already decided. */
  public static final String DECISION_ALREADY = "decision.already";
  /** A sign-off of a note already signed off. */
  public static final String SIGNOFF_ALREADY = "signoff.already";
  /** A sign-off of a note that cannot be signed (deleted). */
  public static final String SIGNOFF_NOT_SIGNABLE = "signoff.notSignable";

  // Envelope field codes (inside a record.invalid problem's errors list).
  public static final String RECORD_ID_INVALID = "record.id.invalid";
  public static final String RECORD_CASE_REQUIRED = "record.caseId.required";
  public static final String RECORD_CHILD_IDS_INVALID = "record.childIds.invalid";
  public static final String RECORD_REV_INVALID = "record.rev.invalid";
  public static final String RECORD_REV_MISMATCH = "record.rev.mismatch";
  public static final String RECORD_PARENT_REV_INVALID = "record.parentRev.invalid";
  public static final String RECORD_SCHEMA_VERSION_UNSUPPORTED = "record.schemaVersion.unsupported";
  public static final String RECORD_AUTHOR_REQUIRED = "record.authorId.required";
  public static final String RECORD_DEVICE_REQUIRED = "record.deviceId.required";
  public static final String RECORD_HLC_INVALID = "record.hlc.invalid";
  /** The revision's HLC is minted by another node than its deviceId. */
  public static final String RECORD_HLC_NODE = "record.hlc.node";
  /** The revision's HLC is more than {@code Hlc.MAX_AHEAD_MILLIS} ahead of the server's time. */
  public static final String RECORD_HLC_AHEAD = "record.hlc.ahead";
  /** The revision's deviceId is not a valid device id. */
  public static final String RECORD_DEVICE_INVALID = "record.deviceId.invalid";
  public static final String RECORD_BODY_INVALID = "record.body.invalid";
  public static final String RECORD_BODY_TOO_LARGE = "record.body.tooLarge";
}
