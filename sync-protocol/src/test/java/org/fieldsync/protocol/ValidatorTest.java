package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.fieldsync.protocol.records.builders.VisitBuilder;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;
import org.junit.jupiter.api.Test;

class ValidatorTest {
  private static List<String> codes(RecordBody body) {
    return codes(Examples.revision(body));
  }

  private static List<String> codes(Revision r) {
    return RecordValidator.validate(r).errors().stream().map(FieldError::code).toList();
  }

  @Test
  void aValidExampleOfEveryTypePasses() {
    for (RecordBody b : List.of(Examples.visit(), Examples.childVoice(), Examples.fnsp(),
        Examples.supervision(), Examples.feedback(), Examples.meeting())) {
      ValidationResult v = RecordValidator.validate(Examples.revision(b));
      assertTrue(v.ok(), b.getClass().getSimpleName() + ": " + v.errors());
    }
  }

  @Test
  void visitRules() {
    Visit v = Examples.visit();
    assertEquals(List.of("visit.childrenSeen.required"), codes(new Visit(v.date(), null, 40,
        v.mode(), v.kind(), true, List.of(), List.of(), null, null, null, null, null)));
    assertTrue(codes(new Visit(v.date(), null, 40, v.mode(), v.kind(), true,
        List.of(new Visit.ChildSeen("child-1", false, true),
            new Visit.ChildSeen("child-2", true, false)), List.of(), null, null, null, null,
        null)).contains("visit.childrenSeen.seenAlone.inconsistent"));
    assertTrue(codes(new Visit(v.date(), null, 40, v.mode(), v.kind(), true,
        List.of(new Visit.ChildSeen("child-1", true, false)), List.of(), null, null, null, null,
        null)).contains("visit.childrenSeen.incomplete"));
    assertTrue(codes(new Visit(v.date(), null, 40, v.mode(), v.kind(), true,
        List.of(new Visit.ChildSeen("child-9", true, false)), List.of(), null, null, null, null,
        null)).contains("visit.childrenSeen.childId.unknown"));
    List<String> several = codes(new Visit(null, null, -5, null, null, null, List.of(),
        List.of(), null, null, null, null, null));
    assertTrue(several.containsAll(List.of("visit.date.required", "visit.mode.required",
        "visit.kind.required", "visit.durationMinutes.outOfRange")), several.toString());
    assertTrue(codes(new Visit(LocalDate.of(2026, 11, 2), null, 40, v.mode(), v.kind(), true,
        v.childrenSeen(), List.of(), null, null, null, null, LocalDate.of(2026, 11, 1)))
        .contains("visit.nextVisitDate.beforeVisit"));
  }

  @Test
  void aReturnFromMissingNamesAChildOfTheRecordAndWhenTheyCameBack() {
    Visit v = Examples.visit();
    Instant back = Instant.parse("2026-11-19T21:10:00Z");
    assertEquals(List.of(), codes(VisitBuilder.create().from(v).returned("child-1", back)
        .returnHomeInterview().unchecked()));
    assertEquals(List.of("visit.returns.childId.unknown"), codes(VisitBuilder.create().from(v)
        .returned("child-9", back).unchecked()));
    assertEquals(List.of("visit.returns.returnedAt.required"), codes(VisitBuilder.create()
        .from(v).returned("child-1", null).unchecked()));
  }

  @Test
  void aVisitWithoutReturnsHasTheBodyItHadBeforeReturnsExisted() {
    String body = ProtocolCodec.encodeBody(Examples.visit());
    assertFalse(body.contains("returns"), body);
    assertFalse(body.contains("returnHomeInterview"), body);
  }

  @Test
  void childVoiceFnspSupervisionFeedbackAndMeetingRules() {
    assertTrue(codes(new ChildVoiceObservation("child-1", LocalDate.of(2026, 1, 1), " ", null,
        ChildVoiceObservation.Method.DRAWING, null, null, null, null,
        ChildVoiceObservation.Status.DRAFT, null, null))
        .contains("childVoice.childWords.required"));
    assertTrue(codes(new ChildVoiceObservation("child-7", LocalDate.of(2026, 1, 1), "Hi", null,
        ChildVoiceObservation.Method.DRAWING, null, null, null, null,
        ChildVoiceObservation.Status.DRAFT, null, null)).contains("childVoice.childId.unknown"));
    FnspRequest f = Examples.fnsp();
    assertTrue(codes(new FnspRequest(null, null, "x", f.category(), 0L, "Nan", null, f.status(),
        null, null, null)).containsAll(List.of("fnsp.meetingId.required",
            "fnsp.amountPence.outOfRange")));
    SupervisionNote s = Examples.supervision();
    assertTrue(codes(new SupervisionNote(s.kind(), s.date(), s.ledBy(), List.of(), null, null,
        List.of(new SupervisionNote.Action("Call", null, null)), null, null))
        .containsAll(List.of("supervision.attendees.required",
            "supervision.actions.owner.required", "supervision.actions.due.required")));
    FamilyFeedback fb = Examples.feedback();
    assertTrue(codes(new FamilyFeedback(fb.date(), fb.givenBy(), fb.channel(), null, null, null,
        null, null, null, true, true, null)).contains("feedback.locality.required"));
    FamilyMeeting m = Examples.meeting();
    assertTrue(codes(new FamilyMeeting(m.kind(), m.date(),
        new FamilyMeeting.Facilitator("Ann", "FGC", null), List.of(), List.of(), null))
        .contains("meeting.facilitator.priorInvolvement.required"));
  }

  @Test
  void aRevisionsClockIsItsOwnDevicesAndAtMostAnHourAheadOfTheServer() {
    Revision ok = Examples.revision(Examples.visit());
    Revision otherNode = new Revision(ok.id(), ok.type(), ok.caseId(), ok.childIds(), ok.rev(),
        null, false, 1, "u-1", "dev-1", new Hlc(1_000, 0, "dev-2").toString(), ok.body());
    assertEquals(List.of("record.hlc.node"), codes(otherNode));
    long now = 1_796_000_000_000L;
    Revision in2100 = new Revision(ok.id(), ok.type(), ok.caseId(), ok.childIds(), ok.rev(),
        null, false, 1, "u-1", "dev-1", new Hlc(4_102_444_800_000L, 0, "dev-1").toString(),
        ok.body());
    assertEquals(List.of("record.hlc.ahead"),
        RecordValidator.validate(in2100, now).errors().stream().map(e -> e.code()).toList());
    Revision justAhead = new Revision(ok.id(), ok.type(), ok.caseId(), ok.childIds(), ok.rev(),
        null, false, 1, "u-1", "dev-1", new Hlc(now + Hlc.MAX_AHEAD_MILLIS, 0, "dev-1")
            .toString(), ok.body());
    assertTrue(RecordValidator.validate(justAhead, now).ok(), "an hour ahead is allowed");
  }

  @Test
  void deviceIdsFollowTheProtocolFormatAndReservedNamesAreRefused() {
    for (String good : List.of("alice-tablet", "0193a4f0-0000-7000-8000-000000000abc", "t14")) {
      assertTrue(DeviceIds.isValid(good), good);
    }
    for (String bad : List.of("admin-console", "server", "a\nb", " ", "../../x", "Tablet 14",
        "ab", "-x-", "x".repeat(65))) {
      assertFalse(DeviceIds.isValid(bad), bad);
    }
    assertTrue(DeviceIds.isRevisionDevice("server"), "the server's own revisions");
  }

  @Test
  void envelopeRules() {
    Revision ok = Examples.revision(Examples.visit());
    Revision noCase = new Revision(ok.id(), ok.type(), null, ok.childIds(), null, null, false, 1,
        "u-1", "dev-1", ok.hlc(), ok.body());
    noCase = noCase.withRev(Revisions.computeRev(noCase), null);
    assertEquals(List.of("record.caseId.required"), codes(noCase));
    Revision unknown = new Revision(ok.id(), "spaceship", "c", List.of(), ok.rev(), null, false,
        1, "u", "d", ok.hlc(), "{}");
    assertTrue(codes(unknown).contains("record.type.unknown"));
    Revision badRev = new Revision("not-a-uuid", ok.type(), ok.caseId(), ok.childIds(),
        "1-00000000000000000000000000000000", null, false, 2, null, " ", "yesterday", ok.body());
    assertTrue(codes(badRev).containsAll(List.of("record.id.invalid",
        "record.schemaVersion.unsupported", "record.authorId.required",
        "record.deviceId.required", "record.hlc.invalid", "record.rev.mismatch")));
    Revision orphan = new Revision(ok.id(), ok.type(), ok.caseId(), ok.childIds(),
        "3-00000000000000000000000000000000", "1-00000000000000000000000000000000", false, 1,
        "u", "d", ok.hlc(), ok.body());
    assertTrue(codes(orphan).contains("record.parentRev.invalid"));
  }

  @Test
  void aTombstoneSkipsBodyChecks() {
    Revision ok = Examples.revision(Examples.visit());
    Revision tomb = Revisions.next(ok.id(), RecordType.VISIT, ok.caseId(), ok.childIds(),
        ok.rev(), true, 1, "u-1", "dev-1", new Hlc(5_000, 0, "dev-1"), "{}");
    assertTrue(RecordValidator.validate(tomb).ok(), RecordValidator.validate(tomb).toString());
  }
}
