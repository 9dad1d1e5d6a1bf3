package org.fieldsync.protocol.records.builders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.validation.FieldError;
import org.junit.jupiter.api.Test;

/** The record builders: named steps give the same bodies, and build() applies the validator. */
class BodyBuildersTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @Test
  void aVisitBuiltByStepsEqualsTheSameVisitBuiltPositionally() {
    Visit built = VisitBuilder.create().date(DAY).startTime(LocalTime.of(10, 30))
        .durationMinutes(45).mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CIN).planned(true)
        .childSeenAlone("child-0001").childSeen("child-0002").otherPresent("Nan")
        .homeConditions("Warm.").analysis("Settled.").actionsAgreed("School nurse.")
        .notes("Notes.").nextVisitDate(DAY.plusDays(14)).build();
    Visit positional = new Visit(DAY, LocalTime.of(10, 30), 45, Visit.Mode.HOME_VISIT,
        Visit.Kind.CIN, true, List.of(new Visit.ChildSeen("child-0001", true, true),
            new Visit.ChildSeen("child-0002", true, false)), List.of("Nan"), "Warm.",
        "Settled.", "School nurse.", "Notes.", DAY.plusDays(14));
    assertEquals(positional, built);
    assertEquals(built, VisitBuilder.create().from(built).build(), "from() keeps everything");
  }

  @Test
  void anIncompleteVisitIsRefusedWithTheValidatorsCodes() {
    InvalidBodyException e = assertThrows(InvalidBodyException.class,
        () -> VisitBuilder.create().date(DAY).durationMinutes(0).build());
    assertEquals(ErrorCodes.RECORD_INVALID, e.code());
    List<String> codes = e.fieldErrors().stream().map(FieldError::code).toList();
    assertTrue(codes.containsAll(List.of("visit.mode.required", "visit.kind.required",
        "visit.durationMinutes.outOfRange", "visit.childrenSeen.required")), codes.toString());
    assertTrue(codes.stream().noneMatch(c -> c.startsWith("record.")),
        "nothing about the stand-in envelope: " + codes);
  }

  @Test
  void aChildSeenTwiceIsNamedOnceWithTheLastAnswer() {
    Visit v = VisitBuilder.create().date(DAY).mode(Visit.Mode.SCHOOL).kind(Visit.Kind.CP)
        .childNotSeen("child-0001").childSeenAlone("child-0001").build();
    assertEquals(List.of(new Visit.ChildSeen("child-0001", true, true)), v.childrenSeen());
  }

  @Test
  void childVoiceKeepsTheChildsWordsApartAndNeedsWordsOrObservation() {
    ChildVoiceObservation c = ChildVoiceBuilder.create().childId("child-0001").date(DAY)
        .childWords("I like it when Nan picks me up.").workerObservation("Smiled.")
        .method(ChildVoiceObservation.Method.THREE_HOUSES).submitted().build();
    assertEquals("I like it when Nan picks me up.", c.childWords());
    assertEquals(ChildVoiceObservation.Status.SUBMITTED, c.status());
    InvalidBodyException e = assertThrows(InvalidBodyException.class, () -> ChildVoiceBuilder
        .create().childId("child-0001").date(DAY).method(ChildVoiceObservation.Method.DRAWING)
        .build());
    assertEquals("childVoice.childWords.required", e.fieldErrors().get(0).code());
  }

  @Test
  void anFnspRequestNeedsItsMeetingAmountAndBeneficiary() {
    FnspRequest f = FnspRequestBuilder.create().meetingId("0190aaaa-0000-7000-8000-000000000001")
        .goalId("g1").description("Bus pass").category(FnspRequest.Category.TRANSPORT)
        .amountPence(4_500).beneficiary("Nan").submitted().build();
    assertEquals(FnspRequest.Status.SUBMITTED, f.status());
    List<String> codes = assertThrows(InvalidBodyException.class, () -> FnspRequestBuilder
        .create().description("Bus pass").category(FnspRequest.Category.TRANSPORT).build())
        .fieldErrors().stream().map(FieldError::code).toList();
    assertTrue(codes.containsAll(List.of("fnsp.meetingId.required",
        "fnsp.amountPence.required", "fnsp.beneficiary.required")), codes.toString());
  }

  @Test
  void aSupervisionNoteNeedsCompleteAttendeesAndActions() {
    SupervisionNote n = SupervisionNoteBuilder.create()
        .kind(SupervisionNote.Kind.CASE_FAMILY_HELP).date(DAY).ledBy("u-erin")
        .attendee("Erin Tregear", "team manager", "Dorset Council")
        .action("Book FNM review", "Alice Penrose", DAY.plusDays(20)).build();
    assertEquals(1, n.actions().size());
    List<String> codes = assertThrows(InvalidBodyException.class, () -> SupervisionNoteBuilder
        .create().kind(SupervisionNote.Kind.GROUP_CP).date(DAY).ledBy("u-erin")
        .attendee("Erin Tregear", null, "Dorset Council").build())
        .fieldErrors().stream().map(FieldError::code).toList();
    assertEquals(List.of("supervision.attendees.incomplete"), codes);
  }

  @Test
  void anonymousFeedbackNeedsItsLocalityAndConsent() {
    FamilyFeedback f = FamilyFeedbackBuilder.create().date(DAY)
        .givenBy(FamilyFeedback.GivenBy.PARENT_CARER).channel(FamilyFeedback.Channel.EVENT)
        .ableToTalk(FamilyFeedback.Answer.YES).consentToShare(true).anonymousIn("Purbeck")
        .build();
    assertTrue(f.anonymous());
    List<String> codes = assertThrows(InvalidBodyException.class, () -> FamilyFeedbackBuilder
        .create().date(DAY).givenBy(FamilyFeedback.GivenBy.CHILD)
        .channel(FamilyFeedback.Channel.VISIT).anonymousIn(null).build())
        .fieldErrors().stream().map(FieldError::code).toList();
    assertTrue(codes.containsAll(List.of("feedback.consentToShare.required",
        "feedback.locality.required")), codes.toString());
  }

  @Test
  void aMeetingSaysWhetherItsFacilitatorWasIndependentByTheStepThatNamesThem() {
    FamilyMeeting m = FamilyMeetingBuilder.create().kind(FamilyMeeting.Kind.FNM).date(DAY)
        .independentFacilitator("Ruth Carbery", "Independent FGC service").attendee("Nan")
        .goal("g1", "Nan collects the children twice a week").build();
    assertTrue(m.independentlyFacilitated());
    FamilyMeeting dependent = FamilyMeetingBuilder.create().from(m)
        .facilitatorWithPriorInvolvement("Sam Voss", "Dorset Council").build();
    assertEquals(false, dependent.independentlyFacilitated());
    List<String> codes = assertThrows(InvalidBodyException.class, () -> FamilyMeetingBuilder
        .create().kind(FamilyMeeting.Kind.FGC).date(DAY).goal("g1", "One").goal("g1", "Two")
        .build()).fieldErrors().stream().map(FieldError::code).toList();
    assertTrue(codes.containsAll(List.of("meeting.facilitator.required",
        "meeting.goals.id.duplicate")), codes.toString());
  }
}
