package org.fieldsync.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync admin's resolution goes through the same record gate as a device's push: each finding of
 * the integrity review, on a real server, with a conflict opened on an unrelated field first. Each
 * refusal names the field, and leaves the record and its conflict exactly as they were.
 */
class ResolutionGateTest {
  @TempDir Path tmp;
  private TestServer server;
  private Api api;
  private TestDevice alice;
  private TestDevice bea;
  private long clock = 1;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"));
    api = new Api(server.port());
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "bea-tablet");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aResolutionCannotRewriteTheChildsSubmittedWords() {
    Revision cvo = submittedObservation();
    String conflict = openConflict(cvo, "languageNeeds", "Makaton signs", "Picture cards");
    assertRefused(conflict, cvo, "choices.childWords", "conflict.choice.notEditable",
        Map.of("languageNeeds", side(conflict, 0), "childWords",
            Map.of("value", "Everything at home is fine.")));
  }

  @Test
  void aResolutionCannotDeleteASubmittedObservation() {
    Revision cvo = submittedObservation();
    String conflict = openConflict(cvo, "languageNeeds", "Makaton signs", "Picture cards");
    assertRefused(conflict, cvo, "choices._deleted", "conflict.choice.notEditable",
        Map.of("languageNeeds", side(conflict, 0), "_deleted", Map.of("value", true)));
  }

  @Test
  void aResolutionCannotApproveADraftFnspRequest() {
    Revision meeting = Revs.newMeeting("case-0001", "u-alice", "alice-tablet", clock++);
    assertEquals("accepted", api.push(alice, meeting).get("outcome").asText());
    ObjectNode draft = (ObjectNode) ProtocolCodec.readTree(ProtocolCodec.encodeBody(Revs.fnsp(
        meeting.id(), 4_500, FnspRequest.Status.DRAFT)));
    Revision fnsp = Revisions.next(UuidV7.generate(), RecordType.FNSP_REQUEST, "case-0001",
        List.of(), null, false, 1, "u-alice", "alice-tablet", new Hlc(clock++, 0, "alice-tablet"),
        CanonicalJson.canonicalize(draft));
    assertEquals("accepted", api.push(alice, fnsp).get("outcome").asText());
    String conflict = openConflict(fnsp, "deliveringOrganisation", "Lyme Regis Lions",
        "Bridport Volunteer Drivers");
    assertRefused(conflict, fnsp, "choices.amountPence", "conflict.choice.notEditable",
        Map.of("deliveringOrganisation", side(conflict, 0), "status",
            Map.of("value", "approved"), "amountPence", Map.of("value", 2_500_000)));
    assertRefused(conflict, fnsp, "choices.status", "record.serverOwned",
        Map.of("deliveringOrganisation", side(conflict, 0), "status",
            Map.of("value", "approved")));
  }

  @Test
  void aResolutionCannotChangeWhatAManagerApproved() {
    Revision meeting = Revs.newMeeting("case-0001", "u-alice", "alice-tablet", clock++);
    assertEquals("accepted", api.push(alice, meeting).get("outcome").asText());
    Revision fnsp = Revs.newFnsp("case-0001", meeting.id(), 4_500, "u-alice", "alice-tablet",
        clock++);
    assertEquals("accepted", api.push(alice, fnsp).get("outcome").asText());
    RawHttp.Response decided = api.send("POST", "/api/v1/records/" + fnsp.id() + "/decision",
        api.token("tm.erin"), Api.body("decision", "approved"));
    assertEquals(200, decided.status(), decided.body());
    Revision approved = current(fnsp);
    // A field a newer app version added (scalar, not protected) is where the sides differ.
    String conflict = openConflict(approved, "transportNotes", "Tuesdays", "Thursdays");
    assertRefused(conflict, approved, "choices.amountPence", "conflict.choice.notEditable",
        Map.of("transportNotes", side(conflict, 0), "amountPence", Map.of("value", 99_900),
            "beneficiary", Map.of("value", "Uncle Ron")));
    JsonNode body = ProtocolCodec.readTree(current(fnsp).body());
    assertEquals(4_500, body.get("amountPence").asLong());
    assertEquals("u-erin", body.get("decidedBy").asText());
  }

  @Test
  void aResolutionCannotRewriteSignedOffDecisionsNorWhoSignedThem() {
    SupervisionNote note = new SupervisionNote(SupervisionNote.Kind.GROUP_CP,
        LocalDate.of(2026, 11, 30), "u-erin", List.of(new SupervisionNote.Attendee("Alice Penrose",
            "family worker", "Dorset Council")), "Risk reducing.", "Review in four weeks.",
        List.of(), null, null);
    Revision first = Revisions.next(UuidV7.generate(), RecordType.SUPERVISION_NOTE, "case-0001",
        List.of("child-0001"), null, false, 1, "u-alice", "alice-tablet",
        new Hlc(clock++, 0, "alice-tablet"), ProtocolCodec.encodeBody(note));
    assertEquals("accepted", api.push(alice, first).get("outcome").asText());
    RawHttp.Response signed = api.send("POST", "/api/v1/records/" + first.id() + "/sign-off",
        api.token("tm.erin"), null);
    assertEquals(200, signed.status(), signed.body());
    Revision signedOff = current(first);
    String conflict = openConflict(signedOff, "kind", "line_of_sight", "case_family_help");
    assertRefused(conflict, signedOff, "choices.decisions", "conflict.choice.notEditable",
        Map.of("kind", side(conflict, 0), "decisions", Map.of("value", "Close the case."),
            "signedOffBy", Map.of("value", "u-jude")));
    assertRefused(conflict, signedOff, "choices.signedOffBy", "conflict.choice.notEditable",
        Map.of("kind", side(conflict, 0), "signedOffBy", Map.of("value", "u-jude")));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Revision submittedObservation() {
    ChildVoiceObservation c = new ChildVoiceObservation("child-0001", LocalDate.of(2026, 11, 30),
        "I like it when Nan comes.", "Smiled while drawing.",
        ChildVoiceObservation.Method.DRAWING, false, null, null, false,
        ChildVoiceObservation.Status.SUBMITTED, List.of(), List.of());
    Revision r = Revisions.next(UuidV7.generate(), RecordType.CHILD_VOICE_OBSERVATION,
        "case-0001", List.of("child-0001"), null, false, 1, "u-alice", "alice-tablet",
        new Hlc(clock++, 0, "alice-tablet"), ProtocolCodec.encodeBody(c));
    assertEquals("accepted", api.push(alice, r).get("outcome").asText());
    return r;
  }

  /** Alice and Bea each set {@code field} differently from {@code parent}: a conflict. */
  private String openConflict(Revision parent, String field, Object aliceValue,
      Object beaValue) {
    JsonNode a = api.push(alice, edit(parent, field, aliceValue, "u-alice", "alice-tablet"));
    assertEquals("accepted", a.get("outcome").asText(), a.toString());
    JsonNode b = api.push(bea, edit(parent, field, beaValue, "u-bea", "bea-tablet"));
    assertEquals("conflict", b.get("outcome").asText(), b.toString());
    JsonNode list = api.get("admin.gus", "/api/v1/admin/conflicts?status=open");
    for (JsonNode c : list.get("conflicts")) {
      if (c.get("recordId").asText().equals(parent.id())) {
        return c.get("id").asText();
      }
    }
    throw new AssertionError("no open conflict for " + parent.id());
  }

  private Revision edit(Revision parent, String field, Object value, String author,
      String device) {
    ObjectNode body = (ObjectNode) ProtocolCodec.readTree(parent.body());
    body.set(field, ProtocolCodec.readTree(ProtocolCodec.encodeToString(value)));
    return Revs.editBody(parent, author, device, clock++, CanonicalJson.canonicalize(body));
  }

  private Map<String, String> side(String conflictId, int i) {
    JsonNode detail = api.get("admin.gus", "/api/v1/admin/conflicts/" + conflictId);
    return Map.of("side", detail.get("sides").get(i).get("rev").asText());
  }

  /** The resolution is refused naming {@code field}; record and conflict are unchanged. */
  private void assertRefused(String conflictId, Revision record, String field, String code,
      Map<String, Object> choices) {
    String before = server.store().read(tx -> tx.revisions().current(record.id()).orElseThrow()
        .currentRev());
    RawHttp.Response r = api.send("POST", "/api/v1/admin/conflicts/" + conflictId + "/resolve",
        api.token("admin.gus"), Api.body("reason", "Checked with both workers.", "choices",
            choices));
    assertEquals(422, r.status(), r.body());
    JsonNode problem = Api.json(r);
    assertEquals(code, problem.get("code").asText(), r.body());
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertTrue(fields.contains(field), r.body());
    assertEquals(before, server.store().read(tx -> tx.revisions().current(record.id()).orElseThrow()
        .currentRev()), "nothing stored changed");
    assertEquals("open", api.get("admin.gus", "/api/v1/admin/conflicts/" + conflictId)
        .get("status").asText());
  }

  private Revision current(Revision r) {
    return server.store().read(tx -> tx.revisions().revision(r.id(),
        tx.revisions().current(r.id()).orElseThrow().currentRev()).orElseThrow());
  }
}
