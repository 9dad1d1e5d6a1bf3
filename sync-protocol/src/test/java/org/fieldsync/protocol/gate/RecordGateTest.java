package org.fieldsync.protocol.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.validation.FieldError;
import org.junit.jupiter.api.Test;

/** The record's rules, one writer at a time, as DOMAIN.md states them. */
class RecordGateTest {
  private static final RecordType CVO = RecordType.CHILD_VOICE_OBSERVATION;
  private static final RecordType FNSP = RecordType.FNSP_REQUEST;
  private static final RecordType NOTE = RecordType.SUPERVISION_NOTE;

  private static final String SUBMITTED_WORDS =
      "{\"childWords\":\"I like my room.\",\"status\":\"submitted\"}";
  private static final String DRAFT_FNSP = "{\"amountPence\":4500,\"status\":\"draft\"}";
  private static final String SUBMITTED_FNSP = "{\"amountPence\":4500,\"status\":\"submitted\"}";
  private static final String APPROVED_FNSP = "{\"amountPence\":4500,\"beneficiary\":\"Gran\","
      + "\"decidedAt\":\"2026-12-01T10:00:00Z\",\"decidedBy\":\"u-erin\",\"status\":\"approved\"}";
  private static final String NOTE_DRAFT = "{\"decisions\":\"Review in four weeks.\","
      + "\"ledBy\":\"u-erin\"}";
  private static final String NOTE_SIGNED = "{\"decisions\":\"Review in four weeks.\","
      + "\"ledBy\":\"u-erin\",\"signedOffAt\":\"2026-12-01T10:00:00Z\",\"signedOffBy\":\"u-erin\"}";

  // ---- devices --------------------------------------------------------------------------------

  @Test
  void aDeviceCannotChangeTheChildsWordsOnceSubmitted() {
    assertEquals(List.of("childWords " + ErrorCodes.RECORD_SEALED), codes(Transition.device(CVO,
        "u-alice", s(SUBMITTED_WORDS), s(SUBMITTED_WORDS.replace("room", "house")))));
  }

  @Test
  void aDeviceCannotUnsubmitOrDeleteASubmittedObservation() {
    assertEquals(List.of("status " + ErrorCodes.RECORD_SEALED), codes(Transition.device(CVO,
        "u-alice", s(SUBMITTED_WORDS), s(SUBMITTED_WORDS.replace("submitted", "draft")))));
    assertEquals(List.of("deleted " + ErrorCodes.RECORD_SEALED), codes(Transition.device(CVO,
        "u-alice", s(SUBMITTED_WORDS), deleted(SUBMITTED_WORDS))));
  }

  @Test
  void aDeviceEditsADraftFreelyAndDeletesIt() {
    String draft = SUBMITTED_WORDS.replace("submitted", "draft");
    assertTrue(RecordGate.allows(Transition.device(CVO, "u-alice", s(draft),
        s(draft.replace("room", "house")))));
    assertTrue(RecordGate.allows(Transition.device(CVO, "u-alice", s(draft), deleted(draft))));
  }

  @Test
  void aDeviceNeverSetsASignOffOrADecision() {
    assertEquals(List.of("signedOffBy " + ErrorCodes.RECORD_SERVER_OWNED), codes(
        Transition.device(NOTE, "u-alice", s(NOTE_DRAFT),
            s(NOTE_DRAFT.replace("}", ",\"signedOffBy\":\"u-alice\"}")))));
    assertEquals(List.of("signedOffAt " + ErrorCodes.RECORD_SERVER_OWNED), codes(
        Transition.device(NOTE, "u-alice", null, s("{\"signedOffAt\":\"2026-01-01T00:00:00Z\"}"))));
  }

  @Test
  void aDeviceMovesAnFnspRequestOnlyAlongItsLifecycleAndNeverDecidesIt() {
    String delivered = APPROVED_FNSP.replace("approved", "delivered");
    assertTrue(RecordGate.allows(Transition.device(FNSP, "u-a", null, s(DRAFT_FNSP))));
    assertTrue(RecordGate.allows(Transition.device(FNSP, "u-a", null, s(SUBMITTED_FNSP))));
    assertTrue(RecordGate.allows(Transition.device(FNSP, "u-a", s(DRAFT_FNSP), s(SUBMITTED_FNSP))));
    assertTrue(RecordGate.allows(Transition.device(FNSP, "u-a", s(APPROVED_FNSP), s(delivered))));
    assertTrue(RecordGate.allows(Transition.device(FNSP, "u-a", s(DRAFT_FNSP),
        s(DRAFT_FNSP.replace("4500", "5000")))));
    assertEquals(List.of("status " + ErrorCodes.RECORD_SERVER_OWNED), codes(Transition.device(
        FNSP, "u-a", s(SUBMITTED_FNSP), s(SUBMITTED_FNSP.replace("submitted", "approved")))));
    assertEquals(List.of("status " + ErrorCodes.RECORD_SERVER_OWNED), codes(Transition.device(
        FNSP, "u-a", null, s(DRAFT_FNSP.replace("draft", "declined")))));
    assertEquals(List.of("status " + ErrorCodes.RECORD_STATUS_TRANSITION), codes(
        Transition.device(FNSP, "u-a", s(SUBMITTED_FNSP), s(DRAFT_FNSP))));
    assertEquals(List.of("status " + ErrorCodes.RECORD_STATUS_TRANSITION), codes(
        Transition.device(FNSP, "u-a", s(delivered), s(delivered.replace("delivered",
            "submitted")))));
    assertEquals(List.of("amountPence " + ErrorCodes.RECORD_SEALED), codes(Transition.device(FNSP,
        "u-a", s(SUBMITTED_FNSP), s(SUBMITTED_FNSP.replace("4500", "450000")))),
        "what was asked for cannot change once submitted");
  }

  // ---- resolutions: the findings of the integrity review ------------------------------------

  @Test
  void aResolutionCannotRewriteTheChildsSealedWords() {
    String rewritten = SUBMITTED_WORDS.replace("I like my room.", "Everything is fine.");
    assertEquals(List.of("childWords " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE), codes(
        resolution(CVO, SUBMITTED_WORDS, rewritten, "childWords")));
    assertEquals(List.of("childWords " + ErrorCodes.RECORD_SEALED), codes(
        resolution(CVO, SUBMITTED_WORDS, rewritten)), "nor by passing it off as a side's");
  }

  @Test
  void aResolutionCannotDeleteASubmittedObservation() {
    assertEquals(List.of("_deleted " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE), codes(
        Transition.resolution(CVO, "u-gus", s(SUBMITTED_WORDS), List.of(s(SUBMITTED_WORDS)),
            deleted(SUBMITTED_WORDS), Set.of("_deleted"))));
    assertEquals(List.of("_deleted " + ErrorCodes.RECORD_SEALED), codes(
        Transition.resolution(CVO, "u-gus", s(SUBMITTED_WORDS), List.of(s(SUBMITTED_WORDS),
            deleted(SUBMITTED_WORDS)), deleted(SUBMITTED_WORDS), Set.of())),
        "not even by choosing a side that deleted it");
  }

  @Test
  void aResolutionCannotApproveAnFnspRequest() {
    String approved = "{\"amountPence\":2500000,\"status\":\"approved\"}";
    List<String> found = codes(resolution(FNSP, DRAFT_FNSP, approved, "status", "amountPence"));
    assertEquals(List.of("amountPence " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE,
        "status " + ErrorCodes.RECORD_SERVER_OWNED), found);
  }

  @Test
  void aResolutionCannotChangeWhatAManagerApproved() {
    String changed = APPROVED_FNSP.replace("4500", "9900").replace("Gran", "Uncle");
    assertEquals(List.of("amountPence " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE,
        "beneficiary " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE), codes(
            resolution(FNSP, APPROVED_FNSP, changed, "amountPence", "beneficiary")));
    assertEquals(List.of("amountPence " + ErrorCodes.RECORD_SEALED,
        "beneficiary " + ErrorCodes.RECORD_SEALED), codes(resolution(FNSP, APPROVED_FNSP,
            changed)));
  }

  @Test
  void aResolutionCannotRewriteSignedOffDecisionsNorTheSignature() {
    String rewritten = NOTE_SIGNED.replace("Review in four weeks.", "Close the case.")
        .replace("\"signedOffBy\":\"u-erin\"", "\"signedOffBy\":\"u-jude\"");
    assertEquals(List.of("decisions " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE,
        "signedOffBy " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE), codes(
            resolution(NOTE, NOTE_SIGNED, rewritten, "decisions", "signedOffBy")));
    assertEquals(List.of("decisions " + ErrorCodes.RECORD_SEALED,
        "signedOffBy " + ErrorCodes.RECORD_SERVER_OWNED), codes(
            resolution(NOTE, NOTE_SIGNED, rewritten)));
  }

  @Test
  void aResolutionChoosesAmongSidesAndEditsOrdinaryFields() {
    String visit = "{\"mode\":\"home_visit\",\"notes\":\"Dog barked.\"}";
    String edited = "{\"mode\":\"school\",\"notes\":\"Dog barked. Mum tired.\"}";
    assertTrue(RecordGate.allows(Transition.resolution(RecordType.VISIT, "u-gus", s(visit),
        List.of(s(visit), s(edited)), s(edited), Set.of("notes"))));
  }

  @Test
  void aResolutionThatSealsTakesTheSealedWordsOfTheWorkerWhoSubmitted() {
    String draft = "{\"childWords\":\"I like my room. And the dog.\",\"status\":\"draft\"}";
    String mixed = "{\"childWords\":\"I like my room. And the dog.\",\"status\":\"submitted\"}";
    List<RecordState> sides = List.of(s(draft), s(SUBMITTED_WORDS));
    assertEquals(List.of("childWords " + ErrorCodes.RECORD_SEALED), codes(Transition.resolution(
        CVO, "u-gus", s(draft), sides, s(mixed), Set.of())));
    assertTrue(RecordGate.allows(Transition.resolution(CVO, "u-gus", s(draft), sides,
        s(SUBMITTED_WORDS), Set.of())));
    assertTrue(RecordGate.allows(Transition.resolution(CVO, "u-gus", s(draft), sides, s(draft),
        Set.of())), "keeping the draft keeps the submitted words in the history");
  }

  @Test
  void aResolutionTakesTheCaseAndChildrenFromASide() {
    assertEquals(List.of("_caseId " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE,
        "_childIds " + ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE), codes(Transition.resolution(
            RecordType.VISIT, "u-gus", s("{}"), List.of(s("{}")), s("{}"),
            Set.of("_childIds", "_caseId"))));
  }

  // ---- decisions and sign-off -------------------------------------------------------------------

  @Test
  void aDecisionSetsOnlyTheDecisionInTheManagersName() {
    String approved = SUBMITTED_FNSP.replace("submitted", "approved")
        .replace("}", ",\"decidedAt\":\"2026-12-01T10:00:00Z\",\"decidedBy\":\"u-erin\"}");
    assertTrue(RecordGate.allows(Transition.decision(FNSP, "u-erin", s(SUBMITTED_FNSP),
        s(approved))));
    assertEquals(List.of("decidedBy " + ErrorCodes.RECORD_SERVER_OWNED), codes(
        Transition.decision(FNSP, "u-jude", s(SUBMITTED_FNSP), s(approved))));
    assertEquals(List.of("amountPence " + ErrorCodes.RECORD_NOT_WRITABLE), codes(
        Transition.decision(FNSP, "u-erin", s(SUBMITTED_FNSP), s(approved.replace("4500",
            "9900")))));
  }

  @Test
  void onlyASubmittedRequestIsDecidedAndOnlyOnce() {
    String approved = "{\"amountPence\":4500,\"decidedBy\":\"u-erin\",\"status\":\"approved\"}";
    assertEquals(List.of("status " + ErrorCodes.DECISION_NOT_SUBMITTED), codes(
        Transition.decision(FNSP, "u-erin", s(DRAFT_FNSP), s(approved))));
    assertEquals(List.of("status " + ErrorCodes.DECISION_ALREADY), codes(
        Transition.decision(FNSP, "u-erin", s(APPROVED_FNSP), s(APPROVED_FNSP.replace(
            "approved", "declined")))));
  }

  @Test
  void aNoteIsSignedOffOnceByTheManagerWhoLedIt() {
    String signed = NOTE_DRAFT.replace("}", ",\"signedOffAt\":\"2026-12-01T10:00:00Z\","
        + "\"signedOffBy\":\"u-erin\"}");
    assertTrue(RecordGate.allows(Transition.signOff(NOTE, "u-erin", s(NOTE_DRAFT), s(signed))));
    assertEquals(List.of("signedOffBy " + ErrorCodes.RECORD_SERVER_OWNED,
        "ledBy " + ErrorCodes.SCOPE_ROLE_FORBIDDEN), codes(Transition.signOff(NOTE, "u-jude",
            s(NOTE_DRAFT), s(signed))));
    assertEquals(ErrorCodes.SIGNOFF_ALREADY, RecordGate.check(Transition.signOff(NOTE, "u-erin",
        s(NOTE_SIGNED), s(NOTE_SIGNED))).get(0).code());
    assertEquals(List.of("decisions " + ErrorCodes.RECORD_NOT_WRITABLE), codes(
        Transition.signOff(NOTE, "u-erin", s(NOTE_DRAFT), s(signed.replace("four", "six")))));
  }

  @Test
  void aRestrictionNeverChangesContent() {
    assertTrue(RecordGate.allows(Transition.restriction(CVO, "u-erin", s(SUBMITTED_WORDS))));
    assertEquals(List.of("childWords " + ErrorCodes.RECORD_NOT_WRITABLE), codes(new Transition(
        Writer.RESTRICTION, "u-erin", CVO, s(SUBMITTED_WORDS), s(SUBMITTED_WORDS.replace("room",
            "den")), List.of(), Set.of())));
  }

  @Test
  void aMergeNeverSubmitsOnAWorkersBehalfNorApproves() {
    String approved = "{\"amountPence\":4500,\"status\":\"approved\"}";
    assertEquals(List.of("status " + ErrorCodes.RECORD_SERVER_OWNED), codes(Transition.merge(
        FNSP, s(SUBMITTED_FNSP), List.of(s(SUBMITTED_FNSP)), s(approved))));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Transition resolution(RecordType type, String current, String result,
      String... edited) {
    return Transition.resolution(type, "u-gus", s(current), List.of(s(current)), s(result),
        Set.of(edited));
  }

  private static RecordState s(String body) {
    return new RecordState("case-0001", List.of("child-0001"), false, body);
  }

  private static RecordState deleted(String body) {
    return new RecordState("case-0001", List.of("child-0001"), true, body);
  }

  private static List<String> codes(Transition t) {
    return RecordGate.check(t).stream().map((FieldError e) -> e.field() + " " + e.code())
        .toList();
  }
}
