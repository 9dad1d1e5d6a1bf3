package org.fieldsync.server.caserecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.Change;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.WithdrawnChange;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partner agencies and consent, as the practice standard puts it: a partner-agency practitioner
 * sees only what the case shares with their agency; withdrawing consent takes the shared records
 * off their tablet at the next sync; their own entries are kept, and every entry carries the
 * writer's agency. The demo's pp.pat is a police officer allocated to case-0001, whose consent
 * shares visits (only) with police.
 */
class PartnerConsentTest {
  // One server for the class (each start hashes the demo users' passwords): every test leaves
  // case-0001's police consent as the demo has it, and asserts on its own records.
  @TempDir static Path tmp;
  private static TestServer server;
  private static TestDevice alice;
  private static TestDevice pat;
  private static final Map<String, Map<String, String>> BEARERS = new HashMap<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"));
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    pat = TestDevice.enrol(server.store(), server.port(), "pp.pat", "pat-tablet");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPolicePartnerSeesTheVisitsTheCaseSharesWithPoliceAndNothingElse() throws Exception {
    Revision visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
        "alice-tablet", 1, "Seen at home with mum.");
    Revision meeting = Revs.newMeeting("case-0001", "u-alice", "alice-tablet", 2);
    Revision elsewhere = Revs.newVisit("case-0002", List.of("child-0003"), "u-alice",
        "alice-tablet", 3, "Another family.");
    for (Revision r : List.of(visit, meeting, elsewhere)) {
      assertEquals("accepted", push(alice, r).get("outcome").asText());
    }

    Pull first = pull(pat, null);
    assertTrue(first.recordIds().contains(visit.id()), "the shared visit reaches pat");
    assertFalse(first.recordIds().contains(meeting.id()), "the meeting is not shared");
    assertFalse(first.recordIds().contains(elsewhere.id()), "nor is another family's visit");
    assertEquals("Dorset Council", first.record(visit.id()).authorAgency());

    List<String> timeline = timelineIds("pp.pat", "case-0001");
    assertTrue(timeline.contains(visit.id()) && !timeline.contains(meeting.id()), "" + timeline);
    assertEquals(403, get("pp.pat", "/api/v1/cases/case-0002/timeline").status());
    assertEquals(200, get("pp.pat", "/api/v1/records/" + visit.id() + "/history").status());
    assertEquals(404, get("pp.pat", "/api/v1/records/" + meeting.id() + "/history").status());
    assertEquals(404, get("pp.pat", "/api/v1/records/" + elsewhere.id() + "/history")
        .status());

    // Pat writes into the shared record: their own visit, never another's entry nor a type
    // partners do not record.
    Revision own = Revs.newVisit("case-0001", List.of("child-0001"), "u-pat", "pat-tablet", 4,
        "Joint visit with the family worker; no concerns about the home.");
    assertEquals("accepted", push(pat, own).get("outcome").asText());
    JsonNode edit = push(pat, Revs.edit(visit, "u-pat", "pat-tablet", 5, "changed by police"));
    assertEquals("rejected", edit.get("outcome").asText());
    assertEquals("scope.role.forbidden", edit.at("/error/code").asText());
    JsonNode notPartners = push(pat, Revs.newMeeting("case-0001", "u-pat", "pat-tablet", 6));
    assertEquals("scope.role.forbidden", notPartners.at("/error/code").asText());
    JsonNode notTheirs = push(pat, Revs.newVisit("case-0002", List.of("child-0003"), "u-pat",
        "pat-tablet", 7, "x"));
    assertEquals("scope.case.notAllocated", notTheirs.at("/error/code").asText());

    Pull forAlice = pull(alice, null);
    assertEquals("Dorset Police", forAlice.record(own.id()).authorAgency(),
        "the family worker sees the police officer's entry, attributed to their agency");
    assertEquals("u-pat", forAlice.record(own.id()).revision().authorId());
  }

  @Test
  void withdrawingConsentRemovesTheSharedRecordsFromThePartnersTabletAndKeepsTheirOwn()
      throws Exception {
    Revision visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
        "alice-tablet", 1, "Seen alone in her room.");
    assertEquals("accepted", push(alice, visit).get("outcome").asText());
    Pull before = pull(pat, null);
    assertTrue(before.recordIds().contains(visit.id()));
    Revision own = Revs.newVisit("case-0001", List.of("child-0002"), "u-pat", "pat-tablet", 2,
        "Police welfare check; M.P. spoke with the officer.");
    assertEquals("accepted", push(pat, own).get("outcome").asText());
    String cp = pull(pat, before.checkpoint()).checkpoint();

    RawHttp.Response withdrawn = consent("fw.alice", "case-0001", "police",
        Map.of("level", "none", "givenBy", "parent_carer", "note", "Mum withdrew consent."));
    assertEquals(200, withdrawn.status(), withdrawn.body());

    Pull after = pull(pat, cp);
    assertTrue(after.withdrawnIds(WithdrawnChange.CONSENT).contains(visit.id()),
        "the shared visit leaves pat's tablet at the next sync");
    assertFalse(after.withdrawnIds(null).contains(own.id()), "pat's own entry stays");
    List<String> left = timelineIds("pp.pat", "case-0001");
    assertTrue(left.contains(own.id()) && !left.contains(visit.id()), "" + left);
    JsonNode kept = timeline("fw.alice", "case-0001");
    JsonNode patsEntry = null;
    boolean visitKept = false;
    for (JsonNode c : kept) {
      patsEntry = c.at("/revision/id").asText().equals(own.id()) ? c : patsEntry;
      visitKept |= c.at("/revision/id").asText().equals(visit.id());
    }
    assertTrue(visitKept, "nothing is lost from the family's record");
    assertEquals("u-pat", patsEntry.at("/revision/authorId").asText());
    assertEquals("Dorset Police", patsEntry.get("authorAgency").asText());
    assertEquals(404, get("pp.pat", "/api/v1/records/" + visit.id() + "/history").status());

    // Consent given again: the next pull sends the shared visit back.
    RawHttp.Response again = consent("fw.alice", "case-0001", "police", Map.of("level",
        "partial", "recordTypes", List.of("visit"), "givenBy", "parent_carer", "children",
        children(true, true)));
    assertEquals(200, again.status(), again.body());
    assertTrue(pull(pat, after.checkpoint()).recordIds().contains(visit.id()));
    assertTrue(auditActions().contains("consent.record"));
  }

  @Test
  void consentIsRecordedByWhoHoldsTheCaseAndAChildUnder16HasFraserCompetenceRecorded()
      throws Exception {
    Map<String, Object> ok = Map.of("level", "full", "givenBy", "young_person", "children",
        children(false, true));
    assertEquals(403, consent("pp.pat", "case-0001", "police", ok).status());
    assertEquals(403, consent("fw.carl", "case-0001", "police", ok).status());
    assertEquals(403, consent("eo.faye", "case-0001", "police", ok).status());
    assertEquals(403, consent("tm.erin", "case-0003", "police", ok).status());

    assertInvalid(consent("fw.alice", "case-0001", "the_press", ok), "agency");
    assertInvalid(consent("fw.alice", "case-0001", "police", Map.of("level", "partial",
        "givenBy", "parent_carer", "children", children(false, false))), "recordTypes");
    List<Map<String, Object>> noFraser = new ArrayList<>(children(false, false));
    noFraser.set(1, Map.of("childId", "child-0002", "under16", true));
    assertInvalid(consent("fw.alice", "case-0001", "police", Map.of("level", "full",
        "givenBy", "parent_carer", "children", noFraser)), "children.1.fraserCompetent");
    assertInvalid(consent("fw.alice", "case-0001", "police", Map.of("level", "full",
        "givenBy", "parent_carer", "children", noFraser.subList(0, 1))), "children");

    RawHttp.Response byManager = consent("tm.erin", "case-0001", "probation", ok);
    assertEquals(200, byManager.status(), byManager.body());
    JsonNode recorded = json(byManager);
    assertEquals("u-erin", recorded.get("recordedBy").asText());
    assertFalse(recorded.at("/children/0/under16").asBoolean());
    assertTrue(recorded.at("/children/1/fraserCompetent").asBoolean());

    JsonNode forAlice = json(get("fw.alice", "/api/v1/cases/case-0001/consents"));
    assertEquals(3, forAlice.get("consents").size(), forAlice.toString());
    JsonNode forPat = json(get("pp.pat", "/api/v1/cases/case-0001/consents"));
    assertEquals(1, forPat.get("consents").size(), "a partner sees their own agency's consent");
    assertEquals("police", forPat.at("/consents/0/agency").asText());
  }

  private static List<Map<String, Object>> children(boolean firstUnder16, boolean competent) {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("childId", "child-0001");
    first.put("under16", firstUnder16);
    if (firstUnder16) {
      first.put("fraserCompetent", competent);
    }
    return List.of(first, Map.of("childId", "child-0002", "under16", true, "fraserCompetent",
        competent));
  }

  /** A pulled page (drained): what reached the tablet. */
  private record Pull(List<Change> changes, String checkpoint) {
    List<String> recordIds() {
      return changes.stream().filter(c -> c instanceof RecordChange)
          .map(c -> ((RecordChange) c).revision().id()).distinct().toList();
    }

    RecordChange record(String id) {
      return changes.stream().filter(c -> c instanceof RecordChange rc
          && rc.revision().id().equals(id)).map(c -> (RecordChange) c).reduce((a, b) -> b)
          .orElseThrow();
    }

    List<String> withdrawnIds(String reason) {
      return changes.stream().filter(c -> c instanceof WithdrawnChange w
          && (reason == null || reason.equals(w.reason())))
          .map(c -> ((WithdrawnChange) c).recordId()).toList();
    }
  }

  private Pull pull(TestDevice d, String since) throws Exception {
    List<Change> all = new ArrayList<>();
    String cp = since;
    String token = d.login();
    while (true) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", "/api/v1/sync/changes?limit=2"
          + (cp == null ? "" : "&since=" + URLEncoder.encode(cp, StandardCharsets.UTF_8)),
          Map.of("Authorization", "Bearer " + token), null);
      assertEquals(200, r.status(), r.body());
      ChangesPage p = ProtocolCodec.decode(r.body().getBytes(StandardCharsets.UTF_8),
          ChangesPage.class);
      all.addAll(p.changes());
      cp = p.checkpoint();
      if (!p.hasMore()) {
        return new Pull(all, cp);
      }
    }
  }

  private JsonNode push(TestDevice d, Revision r) throws Exception {
    RawHttp.Response resp = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + d.login(), "Content-Type", "application/json"),
        d.pushBody(List.of(r)));
    assertEquals(200, resp.status(), resp.body());
    return json(resp).get("outcomes").get(0);
  }

  private RawHttp.Response consent(String user, String caseId, String agency,
      Map<String, Object> body) throws Exception {
    Map<String, String> h = new HashMap<>(bearer(user));
    h.put("Content-Type", "application/json");
    return RawHttp.send(server.port(), "PUT", "/api/v1/cases/" + caseId + "/consents/" + agency,
        h, ProtocolCodec.encodeToString(body));
  }

  private JsonNode timeline(String user, String caseId) throws Exception {
    RawHttp.Response r = get(user, "/api/v1/cases/" + caseId + "/timeline");
    assertEquals(200, r.status(), r.body());
    return json(r).get("records");
  }

  private List<String> timelineIds(String user, String caseId) throws Exception {
    List<String> out = new ArrayList<>();
    timeline(user, caseId).forEach(c -> out.add(c.at("/revision/id").asText()));
    return out;
  }

  private RawHttp.Response get(String user, String path) throws Exception {
    return RawHttp.send(server.port(), "GET", path, bearer(user), null);
  }

  private Map<String, String> bearer(String user) throws Exception {
    if (BEARERS.containsKey(user)) {
      return BEARERS.get(user);
    }
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), "{\"username\":\"" + user
            + "\",\"password\":\"demo-password-1\"}");
    Map<String, String> h = Map.of("Authorization", "Bearer " + json(r).get("token").asText());
    BEARERS.put(user, h);
    return h;
  }

  private String auditActions() throws Exception {
    JsonNode a = json(get("au.iris", "/api/v1/audit?limit=1000"));
    List<String> out = new ArrayList<>();
    a.get("entries").forEach(e -> out.add(e.get("action").asText()));
    return out.toString();
  }

  private static JsonNode json(RawHttp.Response r) {
    return ProtocolCodec.readTree(r.body());
  }

  private static void assertInvalid(RawHttp.Response r, String field) {
    assertEquals(400, r.status(), r.body());
    assertEquals("consent.invalid", json(r).get("code").asText(), r.body());
    assertEquals(field, json(r).at("/errors/0/field").asText(), r.body());
  }
}
