package org.fieldsync.protocol;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/** Valid example records with invented content. */
final class Examples {
  static final List<String> KIDS = List.of("child-1", "child-2");

  private Examples() {}

  static Visit visit() {
    return new Visit(LocalDate.of(2026, 11, 2), null, 40, Visit.Mode.HOME_VISIT, Visit.Kind.CP,
        true, List.of(new Visit.ChildSeen("child-1", true, true),
            new Visit.ChildSeen("child-2", true, false)), List.of("Ms Jenna Roskilly"),
        "Tidy.", "Improving.", "Review school attendance.", null, LocalDate.of(2026, 11, 30));
  }

  static ChildVoiceObservation childVoice() {
    return new ChildVoiceObservation("child-1", LocalDate.of(2026, 11, 2), "I want to stay.",
        "Calm, played with Lego.", ChildVoiceObservation.Method.CONVERSATION, false, null, null,
        true, ChildVoiceObservation.Status.SUBMITTED,
        List.of(new ChildVoiceObservation.Addendum("Said later: and see Dad.", "u-1",
            Instant.parse("2026-11-03T10:00:00Z"))), List.of());
  }

  static FnspRequest fnsp() {
    return new FnspRequest("0190a0b0-0000-7000-8000-000000000001", "g1", "Food vouchers",
        FnspRequest.Category.FOOD, 3_000L, "Grandmother", "Bridport Food Bank",
        FnspRequest.Status.SUBMITTED, null, null, null);
  }

  static SupervisionNote supervision() {
    return new SupervisionNote(SupervisionNote.Kind.GROUP_CP, LocalDate.of(2026, 11, 2), "u-9",
        List.of(new SupervisionNote.Attendee("Kerra Nance", "team manager", "Dorset Council")),
        "Risks reducing.", "Step down to CIN.", List.of(new SupervisionNote.Action("Write plan",
            "Kerra Nance", LocalDate.of(2026, 11, 20))), null, null);
  }

  static FamilyFeedback feedback() {
    return new FamilyFeedback(LocalDate.of(2026, 11, 2), FamilyFeedback.GivenBy.PARENT_CARER,
        FamilyFeedback.Channel.PHONE, FamilyFeedback.Answer.YES, FamilyFeedback.Answer.PARTLY,
        FamilyFeedback.Answer.YES, FamilyFeedback.Answer.NO, "We have more routine.", null, true,
        true, "Purbeck");
  }

  static FamilyMeeting meeting() {
    return new FamilyMeeting(FamilyMeeting.Kind.FGC, LocalDate.of(2026, 10, 30),
        new FamilyMeeting.Facilitator("Morwen Pascoe", "FGC service", false),
        List.of("Aunt"), List.of(new FamilyMeeting.Goal("g1", "Regular meals")), null);
  }

  /** A first revision of {@code body} in case-1 about {@link #KIDS}. */
  static Revision revision(RecordBody body) {
    RecordType type = RecordType.of(body.getClass());
    String caseId = type == RecordType.FAMILY_FEEDBACK ? null : "case-1";
    return Revisions.next(UuidV7.generate(), type, caseId, KIDS, null, false, 1, "u-1", "dev-1",
        new Hlc(1_000, 0, "dev-1"), ProtocolCodec.encodeBody(body));
  }
}
