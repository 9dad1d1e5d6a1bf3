package org.fieldsync.server.caserecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attachments on a real server: upload from an enrolled tablet, push, then who may fetch them. */
class AttachmentTest {
  private static final String DRAWING = "fictional drawing bytes: a house, three windows, a dog";
  @TempDir Path tmp;
  private TestServer server;
  private TestDevice alice;
  private String sha;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"));
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    sha = AttachmentRoutes.sha256(DRAWING.getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anUploadedAttachmentIsServedToThoseWhoMayReadTheRecord() throws Exception {
    RawHttp.Response up = upload(alice.login(), "case-0001", sha, "image/png", DRAWING);
    assertEquals(200, up.status(), up.body());
    assertTrue(json(up).get("stored").asBoolean());
    assertFalse(json(upload(alice.login(), "case-0001", sha, "image/png", DRAWING))
        .get("stored").asBoolean(), "the same bytes again are stored once");

    Revision cvo = observation(sha);
    assertEquals("accepted", push(cvo).get("outcome").asText());

    RawHttp.Response got = download("fw.alice", cvo.id(), sha);
    assertEquals(200, got.status(), got.body());
    assertEquals(DRAWING, got.body());
    assertEquals("image/png", got.headers().get("content-type"));
    assertEquals("no-store", got.headers().get("cache-control"));
    assertEquals(200, download("fw.bea", cvo.id(), sha).status(), "bea holds case-0001");
    assertProblem(download("fw.carl", cvo.id(), sha), 404, "record.notFound");
    assertProblem(download("admin.gus", cvo.id(), sha), 404, "record.notFound");
    assertProblem(download("eo.faye", cvo.id(), sha), 404, "record.notFound");
    String other = AttachmentRoutes.sha256("other".getBytes(StandardCharsets.UTF_8));
    assertEquals(200, upload(alice.login(), "case-0001", other, "image/png", "other").status());
    assertProblem(download("fw.alice", cvo.id(), other), 404, "attachment.notFound");
  }

  @Test
  void aRecordNamingAnAttachmentTheServerLacksIsRefusedNotStored() throws Exception {
    JsonNode o = push(observation(sha));
    assertEquals("rejected", o.get("outcome").asText(), o.toString());
    assertEquals("attachment.missing", o.at("/error/errors/0/code").asText(), o.toString());
  }

  @Test
  void bytesDamagedAfterUploadAreNotServed() throws Exception {
    assertEquals(200, upload(alice.login(), "case-0001", sha, "image/png", DRAWING).status());
    Revision cvo = observation(sha);
    assertEquals("accepted", push(cvo).get("outcome").asText());
    try (Connection c = server.jdbc(); PreparedStatement s = c.prepareStatement(
        "UPDATE attachments SET content = ? WHERE sha256 = ?")) {
      s.setBytes(1, ("\0" + DRAWING).getBytes(StandardCharsets.UTF_8));
      s.setString(2, sha);
      assertEquals(1, s.executeUpdate(), "one stored copy damaged, as a failing disk would");
    }
    RawHttp.Response got = download("fw.alice", cvo.id(), sha);
    assertProblem(got, 500, ErrorCodes.STORE_CORRUPT);
    assertFalse(got.body().contains("a house"), got.body());
  }

  @Test
  void badUploadsGetStableProblemsAndStoreNothing() throws Exception {
    String token = alice.login();
    assertProblem(upload(token, "case-0001", sha, "image/png", DRAWING + "!"), 400,
        "attachment.digestMismatch");
    assertProblem(upload(token, "case-0001", sha, "text/html", DRAWING), 415,
        "request.contentType.unsupported");
    assertProblem(upload(token, "case-0001", "ABC", "image/png", DRAWING), 400,
        "request.param.invalid");
    assertProblem(upload(token, "case-0003", sha, "image/png", DRAWING), 403,
        "scope.case.notAllocated");
    assertProblem(upload(plainToken("fw.alice"), "case-0001", sha, "image/png", DRAWING), 403,
        "device.notEnrolled");
    assertProblem(upload(plainToken("eo.faye"), "case-0001", sha, "image/png", DRAWING), 403,
        "scope.role.forbidden");
    assertFalse(server.store().<Boolean>read(tx -> tx.attachments().exists("case-0001", sha)));
    assertFalse(server.store().<Boolean>read(tx -> tx.attachments().exists("case-0003", sha)));
  }

  private Revision observation(String digest) {
    ChildVoiceObservation body = new ChildVoiceObservation("child-0001",
        LocalDate.of(2026, 11, 20), "I drew our house.", "Drew a house with a dog.",
        ChildVoiceObservation.Method.THREE_HOUSES, false, null, null, false,
        ChildVoiceObservation.Status.SUBMITTED, List.of(), List.of(
            new ChildVoiceObservation.AttachmentRef("att-1", "image/png", "the drawing",
                digest)));
    return Revisions.next(UuidV7.generate(), RecordType.CHILD_VOICE_OBSERVATION, "case-0001",
        List.of("child-0001"), null, false, 1, "u-alice", "alice-tablet",
        new Hlc(1, 0, "alice-tablet"), ProtocolCodec.encodeBody(body));
  }

  private JsonNode push(Revision r) throws Exception {
    RawHttp.Response resp = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + alice.login(), "Content-Type", "application/json"),
        alice.pushBody(List.of(r)));
    assertEquals(200, resp.status(), resp.body());
    return json(resp).get("outcomes").get(0);
  }

  private RawHttp.Response upload(String token, String caseId, String digest, String media,
      String content) throws Exception {
    return RawHttp.send(server.port(), "PUT", "/api/v1/cases/" + caseId + "/attachments/"
        + digest, Map.of("Authorization", "Bearer " + token, "Content-Type", media), content);
  }

  private RawHttp.Response download(String user, String recordId, String digest)
      throws Exception {
    return RawHttp.send(server.port(), "GET", "/api/v1/records/" + recordId + "/attachments/"
        + digest, Map.of("Authorization", "Bearer " + plainToken(user)), null);
  }

  private String plainToken(String user) throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"), "{\"username\":\"" + user
            + "\",\"password\":\"demo-password-1\"}");
    return json(r).get("token").asText();
  }

  private static JsonNode json(RawHttp.Response r) {
    return ProtocolCodec.readTree(r.body());
  }

  private static void assertProblem(RawHttp.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, json(r).get("code").asText(), r.body());
  }
}
