package org.fieldsync.server.caserecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FNSP requests decided under the scheme of delegation, on a real server: tm.erin may approve up
 * to £250, sm.jude up to £2,000; a device can neither decide a request nor change what was asked
 * for once it is submitted.
 */
class FnspDecisionTest {
  @TempDir Path tmp;
  private TestServer server;
  private TestDevice alice;
  private Revision meeting;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(tmp.resolve("data"));
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    meeting = Revs.newMeeting("case-0001", "u-alice", "alice-tablet", 1);
    assertEquals("accepted", push(alice, meeting).get("outcome").asText());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aManagerApprovesWithinTheirLimitAndALargerAmountGoesUpALevel() throws Exception {
    Revision small = request(4_500);
    Revision large = request(90_000);

    assertProblem(decide("fw.alice", small, "approved", null), 403, "scope.role.forbidden");
    RawHttp.Response ok = decide("tm.erin", small, "approved", null);
    assertEquals(200, ok.status(), ok.body());
    assertEquals("approved", json(ok).get("status").asText());

    RawHttp.Response above = decide("tm.erin", large, "approved", null);
    assertProblem(above, 403, "decision.aboveDelegation");
    assertTrue(above.body().contains("£900.00") && above.body().contains("£250.00"),
        above.body());
    RawHttp.Response upALevel = decide("sm.jude", large, "approved", "Within the plan.");
    assertEquals(200, upALevel.status(), upALevel.body());

    assertProblem(decide("sm.jude", small, "declined", "Changed my mind."), 409,
        "decision.already");

    JsonNode history = json(RawHttp.send(server.port(), "GET", "/api/v1/records/"
        + large.id() + "/history", bearer("fw.alice"), null));
    JsonNode last = history.get("revisions").get(history.get("revisions").size() - 1);
    assertEquals("decision", last.get("outcome").asText());
    JsonNode body = last.get("body");
    assertEquals("approved", body.get("status").asText());
    assertEquals("u-jude", body.get("decidedBy").asText());
    assertEquals("Within the plan.", body.get("decisionNote").asText());
    assertTrue(body.hasNonNull("decidedAt"));

    String audit = auditActions();
    assertTrue(audit.contains("fnsp.approve"), audit);
    assertTrue(audit.contains("fnsp.decision.refused"), audit);
  }

  @Test
  void aManagerSendsARequestAboveTheirLimitUpALevelAndTheNextLevelApprovesIt() throws Exception {
    Revision small = request(4_500);
    Revision large = request(90_000);
    JsonNode waiting = json(RawHttp.send(server.port(), "GET", "/api/v1/manager/fnsp",
        bearer("tm.erin"), null));
    assertEquals(25_000, waiting.get("limitPence").asLong());
    Map<String, JsonNode> byId = new HashMap<>();
    waiting.get("requests").forEach(r -> byId.put(r.get("recordId").asText(), r));
    assertTrue(byId.get(small.id()).get("withinLimit").asBoolean());
    assertTrue(!byId.get(large.id()).get("withinLimit").asBoolean());
    JsonNode m = byId.get(large.id()).get("meeting");
    assertTrue(m.get("independent").asBoolean(), m.toString());
    assertEquals("Ruth Carbery", m.get("facilitatorName").asText());
    assertEquals("fnm", m.get("kind").asText());

    assertProblem(decide("tm.erin", small, "referred", null), 400, "decision.invalid");
    RawHttp.Response up = decide("tm.erin", large, "referred", "Above my limit; urgent.");
    assertEquals(200, up.status(), up.body());
    assertEquals("submitted", json(up).get("status").asText());
    JsonNode referred = body(current(large));
    assertEquals("u-erin", referred.get("referredBy").asText());
    assertEquals("Above my limit; urgent.", referred.get("referralNote").asText());
    assertEquals("submitted", referred.get("status").asText());

    JsonNode forJude = json(RawHttp.send(server.port(), "GET", "/api/v1/manager/fnsp",
        bearer("sm.jude"), null));
    JsonNode sent = null;
    for (JsonNode r : forJude.get("requests")) {
      sent = r.get("recordId").asText().equals(large.id()) ? r : sent;
    }
    assertEquals("Erin Tregear", sent.get("referredByName").asText());
    assertTrue(sent.get("withinLimit").asBoolean());
    assertEquals(200, decide("sm.jude", large, "approved", null).status());
    JsonNode approved = body(current(large));
    assertEquals("approved", approved.get("status").asText());
    assertEquals("u-erin", approved.get("referredBy").asText(), "who sent it up stays on it");
    assertTrue(auditActions().contains("fnsp.refer"));
    assertEquals(1, json(RawHttp.send(server.port(), "GET", "/api/v1/manager/fnsp",
        bearer("tm.erin"), null)).get("requests").size(), "the decided request has left the list");

    // The sign-off list: notes the manager led that are not signed off, and only those.
    SupervisionNote n = new SupervisionNote(SupervisionNote.Kind.GROUP_CP,
        LocalDate.of(2026, 11, 19), "u-erin", List.of(new SupervisionNote.Attendee("Erin Tregear",
            "team manager", "Dorset Council")), "Analysis.", "Keep the plan.", List.of(), null,
        null);
    Revision note = Revisions.next(UuidV7.generate(), RecordType.SUPERVISION_NOTE, "case-0001",
        List.of("child-0001"), null, false, 1, "u-alice", "alice-tablet",
        new Hlc(20, 0, "alice-tablet"), ProtocolCodec.encodeBody(n));
    assertEquals("accepted", push(alice, note).get("outcome").asText());
    JsonNode mine = json(RawHttp.send(server.port(), "GET", "/api/v1/manager/sign-offs",
        bearer("tm.erin"), null)).get("notes");
    assertEquals(1, mine.size(), mine.toString());
    assertEquals(note.id(), mine.get(0).get("recordId").asText());
    assertEquals("Keep the plan.", mine.get(0).get("decisions").asText());
    assertEquals(0, json(RawHttp.send(server.port(), "GET", "/api/v1/manager/sign-offs",
        bearer("sm.jude"), null)).get("notes").size(), "Jude did not lead it");
    assertEquals(200, RawHttp.send(server.port(), "POST", "/api/v1/records/" + note.id()
        + "/sign-off", bearer("tm.erin"), null).status());
    assertEquals(0, json(RawHttp.send(server.port(), "GET", "/api/v1/manager/sign-offs",
        bearer("tm.erin"), null)).get("notes").size(), "signed off: no longer waiting");
  }

  @Test
  void aDeclineNeedsAReasonAndNobodyDecidesTheirOwnRequest() throws Exception {
    Revision r = request(2_000);
    assertProblem(decide("tm.erin", r, "declined", null), 400, "decision.invalid");
    assertProblem(decide("tm.erin", r, "maybe", "x"), 400, "decision.invalid");
    RawHttp.Response declined = decide("tm.erin", r, "declined", "Covered by the school.");
    assertEquals(200, declined.status(), declined.body());
    assertTrue(auditActions().contains("fnsp.decline"));

    TestDevice erin = TestDevice.enrol(server.store(), server.port(), "tm.erin", "erin-tablet");
    Revision own = Revs.newFnsp("case-0001", meeting.id(), 1_000, "u-erin", "erin-tablet", 5);
    assertEquals("accepted", push(erin, own).get("outcome").asText());
    assertProblem(decide("tm.erin", own, "approved", null), 403, "decision.ownRequest");
    assertEquals(200, decide("sm.jude", own, "approved", null).status());

    Revision draft = Revs.editBody(meeting, "u-alice", "alice-tablet", 6, meeting.body());
    assertEquals("accepted", push(alice, draft).get("outcome").asText());
    assertProblem(decide("tm.erin", draft, "approved", null), 400, "decision.notDecidable");
  }

  @Test
  void aDeviceCannotDecideNorChangeWhatWasAskedForButRecordsDelivery() throws Exception {
    Revision r = request(4_500);
    ObjectNode selfApproved = body(r);
    selfApproved.put("status", "approved");
    JsonNode refused = push(alice, Revs.editBody(r, "u-alice", "alice-tablet", 10,
        CanonicalJson.canonicalize(selfApproved)));
    assertEquals("rejected", refused.get("outcome").asText());
    assertEquals("record.serverOwned", refused.at("/error/code").asText(), refused.toString());

    assertEquals(200, decide("tm.erin", r, "approved", null).status());
    Revision approved = current(r);
    ObjectNode raised = body(approved);
    raised.put("amountPence", 450_000);
    JsonNode sealed = push(alice, Revs.editBody(approved, "u-alice", "alice-tablet", 11,
        CanonicalJson.canonicalize(raised)));
    assertEquals("rejected", sealed.get("outcome").asText());
    assertEquals("record.sealed", sealed.at("/error/code").asText(), sealed.toString());

    ObjectNode delivered = body(approved);
    delivered.put("status", "delivered");
    assertEquals("accepted", push(alice, Revs.editBody(approved, "u-alice", "alice-tablet", 12,
        CanonicalJson.canonicalize(delivered))).get("outcome").asText());
    assertEquals("delivered", body(current(r)).get("status").asText());
    assertEquals("u-erin", body(current(r)).get("decidedBy").asText(),
        "the decision stays on the record through delivery");
  }

  private Revision request(long pence) throws Exception {
    Revision r = Revs.newFnsp("case-0001", meeting.id(), pence, "u-alice", "alice-tablet", 2);
    JsonNode o = push(alice, r);
    assertEquals("accepted", o.get("outcome").asText(), o.toString());
    return r;
  }

  private Revision current(Revision r) {
    return server.store().read(tx -> tx.revisions().revision(r.id(),
        tx.revisions().current(r.id()).orElseThrow().currentRev()).orElseThrow());
  }

  private static ObjectNode body(Revision r) {
    return (ObjectNode) ProtocolCodec.readTree(r.body());
  }

  private JsonNode push(TestDevice d, Revision r) throws Exception {
    RawHttp.Response resp = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + d.login(), "Content-Type", "application/json"),
        d.pushBody(List.of(r)));
    assertEquals(200, resp.status(), resp.body());
    return json(resp).get("outcomes").get(0);
  }

  private RawHttp.Response decide(String user, Revision r, String decision, String note)
      throws Exception {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("decision", decision);
    if (note != null) {
      b.put("note", note);
    }
    Map<String, String> h = new HashMap<>(bearer(user));
    h.put("Content-Type", "application/json");
    return RawHttp.send(server.port(), "POST", "/api/v1/records/" + r.id() + "/decision", h,
        ProtocolCodec.encodeToString(b));
  }

  private Map<String, String> bearer(String user) throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), "{\"username\":\"" + user
            + "\",\"password\":\"demo-password-1\"}");
    return Map.of("Authorization", "Bearer " + json(r).get("token").asText());
  }

  private String auditActions() throws Exception {
    JsonNode a = json(RawHttp.send(server.port(), "GET", "/api/v1/audit?limit=1000",
        bearer("au.iris"), null));
    List<String> out = new ArrayList<>();
    a.get("entries").forEach(e -> out.add(e.get("action").asText()));
    return out.toString();
  }

  private static JsonNode json(RawHttp.Response r) {
    return ProtocolCodec.readTree(r.body());
  }

  private static void assertProblem(RawHttp.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, json(r).get("code").asText(), r.body());
  }
}
