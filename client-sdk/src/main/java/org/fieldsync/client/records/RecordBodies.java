package org.fieldsync.client.records;

import java.util.List;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.builders.BodyBuilder;
import org.fieldsync.protocol.records.builders.ChildVoiceBuilder;
import org.fieldsync.protocol.records.builders.FamilyFeedbackBuilder;
import org.fieldsync.protocol.records.builders.FamilyMeetingBuilder;
import org.fieldsync.protocol.records.builders.FnspRequestBuilder;
import org.fieldsync.protocol.records.builders.SupervisionNoteBuilder;
import org.fieldsync.protocol.records.builders.VisitBuilder;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Where an app starts a record: one builder per record type, with named steps instead of a long
 * row of positional arguments, checked on {@code build()} by the same rules a save and the server
 * apply. An invalid body throws {@link FieldSyncException} {@code record.invalid} with every
 * {@link FieldSyncException#fieldErrors() field error}; nothing is saved by building. The bodies
 * are the record types of sync-protocol ({@code org.fieldsync.protocol.records}), which the typed
 * collections of {@code FieldSync} take and return. Works offline; thread-safe (each call gives a
 * new builder).
 *
 * <pre>{@code
 * Visit visit = RecordBodies.visit()
 *     .date(LocalDate.of(2026, 11, 20)).mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CIN)
 *     .childSeenAlone("child-0001").notes("Seen at home with Nan.")
 *     .build();
 * fs.visits().create("case-0001", List.of("child-0001"), visit);
 * }</pre>
 *
 * <p>To change a record, start from its body: {@code RecordBodies.visit().from(old).notes("…")}.
 */
public final class RecordBodies {
  private RecordBodies() {}

  /** A home visit or other direct contact. */
  public static VisitBuilder visit() {
    return new VisitBuilder(RecordBodies::invalid);
  }

  /** The child's voice: their own words, apart from what the worker observed. */
  public static ChildVoiceBuilder childVoice() {
    return new ChildVoiceBuilder(RecordBodies::invalid);
  }

  /** A Family Network Support Package request (the server decides it). */
  public static FnspRequestBuilder fnspRequest() {
    return new FnspRequestBuilder(RecordBodies::invalid);
  }

  /** A supervision note (the server records its sign-off). */
  public static SupervisionNoteBuilder supervisionNote() {
    return new SupervisionNoteBuilder(RecordBodies::invalid);
  }

  /** Family feedback, about a case or anonymous. */
  public static FamilyFeedbackBuilder familyFeedback() {
    return new FamilyFeedbackBuilder(RecordBodies::invalid);
  }

  /** A family network meeting or family group conference. */
  public static FamilyMeetingBuilder familyMeeting() {
    return new FamilyMeetingBuilder(RecordBodies::invalid);
  }

  /**
   * A body from its JSON form (the protocol's, as in PROTOCOL.md), checked like a builder's.
   *
   * @throws FieldSyncException {@code record.invalid}: a field of the wrong type or format, or a
   *     broken rule
   */
  public static <B extends RecordBody> B fromJson(Class<B> type, String json) {
    B body;
    try {
      body = ProtocolCodec.decodeBody(json, type);
    } catch (ProtocolException e) {
      String field = e.getMessage() == null || e.getMessage().isEmpty() ? "body" : e.getMessage();
      throw invalid(List.of(new FieldError(field, e.code(), "field '" + field
          + "' has the wrong type or format")));
    }
    if (body == null) {
      throw invalid(List.of(new FieldError("body", SdkErrorCodes.RECORD_BODY_REQUIRED,
          "a " + RecordType.of(type).wireName() + " body is required")));
    }
    return BodyCheck.checked(body);
  }

  static FieldSyncException invalid(List<FieldError> errors) {
    return new FieldSyncException(SdkErrorCodes.RECORD_INVALID, BodyBuilder.summary(errors),
        errors, false, null);
  }
}
