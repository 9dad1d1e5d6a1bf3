package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.Poke;
import org.fieldsync.protocol.wire.Problem;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.RemovedChange;
import org.fieldsync.protocol.wire.ServerMessage;
import org.fieldsync.protocol.wire.UnknownChange;
import org.fieldsync.protocol.wire.UnknownMessage;
import org.junit.jupiter.api.Test;

class CodecTest {
  @Test
  void pushRequestRoundTripsWithTheBodyAsAnEmbeddedObject() {
    Revision r = Examples.revision(Examples.visit());
    String json = ProtocolCodec.encodeToString(new PushRequest("dev-1", List.of(r)));
    assertTrue(json.contains("\"body\":{"), json);
    PushRequest back = ProtocolCodec.decode(json, PushRequest.class);
    assertEquals(r, back.revisions().get(0));
    assertTrue(Revisions.revMatches(back.revisions().get(0)));
  }

  @Test
  void everyBodyTypeRoundTripsUnchanged() {
    for (RecordBody b : List.of(Examples.visit(), Examples.childVoice(), Examples.fnsp(),
        Examples.supervision(), Examples.feedback(), Examples.meeting())) {
      String canonical = ProtocolCodec.encodeBody(b);
      assertEquals(b, ProtocolCodec.decodeBody(canonical, b.getClass()));
      assertEquals(canonical, CanonicalJson.canonicalize(canonical));
    }
    assertFalse(ProtocolCodec.encodeBody(Examples.meeting()).contains("independentlyFacilitated"));
  }

  @Property(tries = 200)
  void visitNotesOfAnyTextRoundTrip(@ForAll @StringLength(max = 300) String notes) {
    Visit v = Examples.visit();
    Visit withNotes = new Visit(v.date(), v.startTime(), v.durationMinutes(), v.mode(), v.kind(),
        v.planned(), v.childrenSeen(), v.othersPresent(), v.homeConditions(), v.analysis(),
        v.actionsAgreed(), notes, v.nextVisitDate());
    assertEquals(withNotes, ProtocolCodec.decodeBody(ProtocolCodec.encodeBody(withNotes),
        Visit.class));
  }

  @Property(tries = 200)
  void supervisionDecisionsOfAnyTextRoundTrip(@ForAll @StringLength(max = 300) String text) {
    SupervisionNote s = Examples.supervision();
    SupervisionNote t = new SupervisionNote(s.kind(), s.date(), s.ledBy(), s.attendees(), text,
        text, s.actions(), null, null);
    assertEquals(t, ProtocolCodec.decodeBody(ProtocolCodec.encodeBody(t), SupervisionNote.class));
  }

  @Test
  void responsesAndUnknownKindsFromANewerPeerAreTolerated() {
    PushResponse resp = new PushResponse(List.of(
        new PushOutcome("a", "1-x", Outcome.ACCEPTED, 4L, "1-x", null, null, null),
        new PushOutcome("b", "1-y", Outcome.REJECTED, null, null, null, null,
            new Problem("record.invalid", "no", 0, null,
                List.of(new FieldError("f", "visit.f.required", "m"))))));
    assertEquals(resp, ProtocolCodec.decode(ProtocolCodec.encode(resp), PushResponse.class));

    String newer = "{\"changes\":[{\"kind\":\"record\",\"seq\":3,\"status\":\"current\","
        + "\"future\":1,"
        + "\"revision\":" + ProtocolCodec.encodeToString(Examples.revision(Examples.visit()))
        + "},{\"kind\":\"removed\",\"caseId\":\"c\",\"reason\":\"deallocated\"},"
        + "{\"kind\":\"teleport\",\"to\":\"mars\"}],\"checkpoint\":\"cp\",\"hasMore\":false,"
        + "\"extra\":true}";
    ChangesPage page = ProtocolCodec.decode(newer, ChangesPage.class);
    assertInstanceOf(RecordChange.class, page.changes().get(0));
    assertInstanceOf(RemovedChange.class, page.changes().get(1));
    assertInstanceOf(UnknownChange.class, page.changes().get(2));

    PushOutcome future = ProtocolCodec.decode("{\"id\":\"a\",\"outcome\":\"quantum\"}",
        PushOutcome.class);
    assertEquals(Outcome.UNKNOWN, future.outcome());
    assertInstanceOf(Poke.class, ProtocolCodec.decode("{\"kind\":\"poke\"}", ServerMessage.class));
    assertInstanceOf(UnknownMessage.class,
        ProtocolCodec.decode("{\"kind\":\"hello\"}", ServerMessage.class));
  }

  @Test
  void hostileJsonGetsStableCodes() {
    assertEquals(ErrorCodes.REQUEST_BODY_MALFORMED, code("{\"deviceId\":"));
    assertEquals(ErrorCodes.REQUEST_BODY_MALFORMED, code("{\"revisions\":[{]}"));
    assertEquals(ErrorCodes.REQUEST_BODY_TOO_DEEP,
        code("{\"revisions\":" + "[".repeat(50) + "]".repeat(50) + "}"));
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID, code("{\"revisions\":\"x\"}"));
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID,
        code("{\"revisions\":[{\"id\":\"a\",\"childIds\":\"c\",\"body\":{}}]}"));
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID,
        code("{\"revisions\":[{\"id\":\"a\",\"deleted\":3,\"body\":{}}]}"));
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID,
        code("{\"revisions\":[{\"id\":\"a\",\"body\":\"text\"}]}"));
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID, code("null"));
  }

  @Test
  void aSignInDecodesWithOrWithoutItsDeviceSignature() {
    assertEquals(new LoginRequest("fw.alice", "pw", "tab-1"), ProtocolCodec.decode(
        "{\"username\":\"fw.alice\",\"password\":\"pw\",\"deviceId\":\"tab-1\"}",
        LoginRequest.class));
    LoginRequest signed = new LoginRequest("fw.alice", "pw", "tab-1", 1_700_000_000_000L, "c2ln");
    assertEquals(signed, ProtocolCodec.decode(ProtocolCodec.encode(signed), LoginRequest.class));
    assertFalse(signed.toString().contains("pw"), "the password is never printed");
    assertEquals("fieldsync.login.v1\0tab-1\0fw.alice\0" + 1_700_000_000_000L,
        new String(LoginRequest.signingBytes("tab-1", "fw.alice", 1_700_000_000_000L),
            StandardCharsets.UTF_8));
  }

  private static String code(String json) {
    return assertThrows(ProtocolException.class,
        () -> ProtocolCodec.decode(json, PushRequest.class)).code();
  }
}
