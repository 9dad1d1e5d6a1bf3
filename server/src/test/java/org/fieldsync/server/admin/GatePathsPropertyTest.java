package org.fieldsync.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;

/**
 * For any record state, writer and change, the real server path that carries the change answers
 * exactly what the record gate answers for that writer's transition: a device's push, a sync
 * admin's resolution, a manager's FNSP decision and a sign-off. No path adds a rule of its own, and
 * none leaves one out. One real server for the whole property; every try makes fresh records.
 */
class GatePathsPropertyTest {
  private static TestServer server;
  private static Api api;
  private static TestDevice alice;
  private static TestDevice bea;
  private static Revision meeting;
  private static long clock = 1;

  @BeforeContainer
  static void start() throws Exception {
    server = TestServer.start(Files.createTempDirectory("gate-paths"));
    api = new Api(server.port());
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "bea-tablet");
    meeting = Revs.newMeeting("case-0001", "u-alice", "alice-tablet", clock++);
    api.push(alice, meeting);
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  /** Where a record starts, how it is changed, by which path. */
  record Case(String start, String path, String field, Object value, String manager) {}

  @Property(tries = 70, seed = "20261202")
  void everyPathAnswersAsTheGate(@ForAll("cases") Case c) {
    Revision current = create(c.start());
    RecordType type = RecordType.fromWire(current.type()).orElseThrow();
    switch (c.path()) {
      case "device" -> {
        Revision pushed = change(current, c.field(), c.value(), "u-alice", "alice-tablet");
        List<FieldError> gate = RecordGate.check(Transition.device(type, "u-alice",
            RecordState.of(current), RecordState.of(pushed)));
        JsonNode o = api.push(alice, pushed);
        assertVerdict(c, gate, !o.get("outcome").asText().equals("rejected"),
            o.path("error").path("code").asText(null));
      }
      case "resolution" -> {
        Revision a = change(current, "appNotes", "Tuesdays", "u-alice", "alice-tablet");
        Revision b = change(current, "appNotes", "Thursdays", "u-bea", "bea-tablet");
        api.push(alice, a);
        assertEquals("conflict", api.push(bea, b).get("outcome").asText());
        Revision result = change(a, c.field(), c.value(), "u-gus", "admin");
        List<FieldError> gate = RecordGate.check(Transition.resolution(type, "u-gus",
            RecordState.of(a), List.of(RecordState.of(a), RecordState.of(b)),
            RecordState.of(result), Set.of(c.field())));
        RawHttp.Response r = api.send("POST", "/api/v1/admin/conflicts/" + conflictOf(current)
            + "/resolve", api.token("admin.gus"), Api.body("reason", "Checked.", "choices",
                Map.of("appNotes", Map.of("side", a.rev()), c.field(),
                    Map.of("value", c.value()))));
        assertVerdict(c, gate, r.status() == 200, Api.json(r).path("code").asText(null));
      }
      case "decision" -> {
        ObjectNode body = (ObjectNode) ProtocolCodec.readTree(current.body());
        body.put("status", "approved").put("decidedBy", userId(c.manager()))
            .put("decidedAt", "2026-12-02T09:00:00Z");
        List<FieldError> gate = RecordGate.check(Transition.decision(type, userId(c.manager()),
            RecordState.of(current), new RecordState(current.caseId(), current.childIds(),
                current.deleted(), CanonicalJson.canonicalize(body))));
        RawHttp.Response r = api.send("POST", "/api/v1/records/" + current.id() + "/decision",
            api.token(c.manager()), Api.body("decision", "approved"));
        assertVerdict(c, gate, r.status() == 200, Api.json(r).path("code").asText(null));
      }
      default -> {
        ObjectNode body = (ObjectNode) ProtocolCodec.readTree(current.body());
        body.put("signedOffBy", userId(c.manager())).put("signedOffAt", "2026-12-02T09:00:00Z");
        List<FieldError> gate = RecordGate.check(Transition.signOff(type, userId(c.manager()),
            RecordState.of(current), new RecordState(current.caseId(), current.childIds(),
                current.deleted(), CanonicalJson.canonicalize(body))));
        RawHttp.Response r = api.send("POST", "/api/v1/records/" + current.id() + "/sign-off",
            api.token(c.manager()), null);
        assertVerdict(c, gate, r.status() == 200, Api.json(r).path("code").asText(null));
      }
    }
  }

  private static void assertVerdict(Case c, List<FieldError> gate, boolean pathAllowed,
      String pathCode) {
    assertEquals(gate.isEmpty(), pathAllowed, c + " gate " + gate + " path " + pathCode);
    if (!gate.isEmpty()) {
      assertEquals(gate.get(0).code(), pathCode, c + " gate " + gate);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> starts = Arbitraries.of("cvo-draft", "cvo-submitted", "fnsp-draft",
        "fnsp-submitted", "fnsp-approved", "note-draft", "note-signed");
    Arbitrary<String> managers = Arbitraries.of("tm.erin", "sm.jude");
    return Combinators.combine(starts, Arbitraries.of("device", "resolution", "decision",
        "sign-off"), Arbitraries.integers().between(0, 20), managers).as((start, path, pick, m) -> {
          List<Object[]> changes = changes(start);
          Object[] ch = changes.get(pick % changes.size());
          String p = path;
          if (p.equals("decision") && !start.startsWith("fnsp")
              || p.equals("sign-off") && !start.startsWith("note")) {
            p = "device";
          }
          return new Case(start, p, (String) ch[0], ch[1], m);
        });
  }

  /** Changes worth trying on each kind of record: protected fields and ordinary ones. */
  private static List<Object[]> changes(String start) {
    if (start.startsWith("cvo")) {
      return List.of(new Object[] {"childWords", "Different words."},
          new Object[] {"status", "draft"}, new Object[] {"status", "submitted"},
          new Object[] {"method", "conversation"}, new Object[] {"languageNeeds", "BSL"},
          new Object[] {"workerObservation", "Smiled while drawing. Then hid."});
    }
    if (start.startsWith("fnsp")) {
      return List.of(new Object[] {"amountPence", 9_900}, new Object[] {"beneficiary", "Ron"},
          new Object[] {"status", "submitted"}, new Object[] {"status", "approved"},
          new Object[] {"status", "delivered"}, new Object[] {"status", "draft"},
          new Object[] {"decidedBy", "u-alice"}, new Object[] {"decisionNote", "Fine."});
    }
    return List.of(new Object[] {"decisions", "Close the case."},
        new Object[] {"signedOffBy", "u-erin"}, new Object[] {"kind", "line_of_sight"},
        new Object[] {"analysis", "Risk reducing. Dad engaged."},
        new Object[] {"ledBy", "u-jude"});
  }

  private static Revision create(String start) {
    Revision r;
    if (start.startsWith("cvo")) {
      r = first(RecordType.CHILD_VOICE_OBSERVATION, List.of("child-0001"),
          ProtocolCodec.encodeBody(new ChildVoiceObservation("child-0001",
              LocalDate.of(2026, 11, 30), "I like it when Nan comes.", "Smiled while drawing.",
              ChildVoiceObservation.Method.DRAWING, false, null, null, false,
              start.endsWith("submitted") ? ChildVoiceObservation.Status.SUBMITTED
                  : ChildVoiceObservation.Status.DRAFT, List.of(), List.of())));
    } else if (start.startsWith("fnsp")) {
      r = first(RecordType.FNSP_REQUEST, List.of(), ProtocolCodec.encodeBody(Revs.fnsp(
          meeting.id(), 4_500, start.endsWith("draft") ? FnspRequest.Status.DRAFT
              : FnspRequest.Status.SUBMITTED)));
    } else {
      r = first(RecordType.SUPERVISION_NOTE, List.of("child-0001"), ProtocolCodec.encodeBody(
          new SupervisionNote(SupervisionNote.Kind.GROUP_CP, LocalDate.of(2026, 11, 30),
              "u-erin", List.of(new SupervisionNote.Attendee("Alice Penrose", "family worker",
                  "Dorset Council")), "Risk reducing.", "Review in four weeks.", List.of(), null,
              null)));
    }
    assertEquals("accepted", api.push(alice, r).get("outcome").asText());
    String then = start.equals("fnsp-approved") ? "/decision" : start.equals("note-signed")
        ? "/sign-off" : null;
    if (then != null) {
      RawHttp.Response d = api.send("POST", "/api/v1/records/" + r.id() + then,
          api.token("tm.erin"), then.equals("/decision") ? Api.body("decision", "approved")
              : null);
      assertEquals(200, d.status(), d.body());
      return server.store().read(tx -> tx.revisions().revision(r.id(),
          tx.revisions().current(r.id()).orElseThrow().currentRev()).orElseThrow());
    }
    return r;
  }

  private static Revision first(RecordType type, List<String> kids, String body) {
    return Revisions.next(UuidV7.generate(), type, "case-0001", kids, null, false, 1, "u-alice",
        "alice-tablet", new Hlc(clock++, 0, "alice-tablet"), body);
  }

  private static Revision change(Revision parent, String field, Object value, String author,
      String device) {
    ObjectNode body = (ObjectNode) ProtocolCodec.readTree(parent.body());
    body.set(field, ProtocolCodec.readTree(ProtocolCodec.encodeToString(value)));
    return Revs.editBody(parent, author, device, clock++, CanonicalJson.canonicalize(body));
  }

  private static String conflictOf(Revision r) {
    JsonNode list = api.get("admin.gus", "/api/v1/admin/conflicts?status=open");
    for (JsonNode c : list.get("conflicts")) {
      if (c.get("recordId").asText().equals(r.id())) {
        return c.get("id").asText();
      }
    }
    throw new AssertionError("no open conflict for " + r.id());
  }

  private static String userId(String username) {
    return username.equals("tm.erin") ? "u-erin" : "u-jude";
  }
}
