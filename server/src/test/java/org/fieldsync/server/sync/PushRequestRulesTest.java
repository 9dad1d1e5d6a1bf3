package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client written from PROTOCOL.md alone tripped over: the push names the session's own
 * device and signs every revision; a pull or a poke socket may name only its own device; and a
 * record's revisions sent newest first in one push are taken oldest first.
 */
class PushRequestRulesTest {
  private static final List<String> KIDS = List.of("child-0001");
  @TempDir Path tmp;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aPushNamesItsOwnDeviceAndSignsEveryRevision() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      TestDevice other = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-b");
      String token = alice.login();
      Revision r = Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", 1, "Seen at home.");

      ObjectNode otherDevice = body(alice, r);
      otherDevice.put("deviceId", other.deviceId());
      assertProblem(push(server, token, otherDevice), 400, "request.body.invalid", "deviceId");
      ObjectNode noDevice = body(alice, r);
      noDevice.remove("deviceId");
      assertProblem(push(server, token, noDevice), 400, "request.body.invalid", "deviceId");
      ObjectNode unsigned = body(alice, r);
      unsigned.putArray("signatures");
      assertProblem(push(server, token, unsigned), 400, "request.body.invalid", "signatures");
      ObjectNode wrongType = body(alice, r);
      ((ObjectNode) wrongType.get("revisions").get(0)).put("deleted", "false");
      HttpResponse<String> typed = push(server, token, wrongType);
      assertEquals(400, typed.statusCode(), typed.body());
      JsonNode field = ProtocolCodec.readTree(typed.body()).at("/errors/0/field");
      assertTrue(field.asText().startsWith("revisions.0"), typed.body());
      int stored = server.store().read(tx -> tx.revisions().revisionCount(r.id()));
      assertEquals(0, stored, "nothing of a refused push is stored");

      HttpResponse<String> ok = push(server, token, body(alice, r));
      assertEquals(200, ok.statusCode(), ok.body());
    }
  }

  @Test
  void aPullOrAPokeSocketMayNameOnlyItsOwnDevice() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      String token = alice.login();
      assertEquals(200, get(server, token, "api/v1/sync/changes?deviceId=tab-a").statusCode());
      assertEquals(200, get(server, token, "api/v1/sync/changes").statusCode());
      HttpResponse<String> pull = get(server, token, "api/v1/sync/changes?deviceId=server");
      assertProblem(pull, 400, "request.param.invalid", null);
      HttpResponse<String> socket = get(server, token, "api/v1/sync/ws?deviceId=tab-zz");
      assertProblem(socket, 400, "request.param.invalid", null);
    }
  }

  @Test
  void aRecordsRevisionsSentNewestFirstAreTakenOldestFirst() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      String token = alice.login();
      Revision first = alice.own(Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", 1,
          "First."));
      Revision second = alice.own(Revs.edit(first, "u-alice", "tab-a", 2, "Second."));
      HttpResponse<String> r = client.send(request(server, token, "api/v1/sync/push")
          .POST(HttpRequest.BodyPublishers.ofString(alice.pushBody(List.of(second, first))))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode outcomes = ProtocolCodec.readTree(r.body()).get("outcomes");
      assertEquals(second.rev(), outcomes.get(0).get("rev").asText(), "answered in request order");
      assertEquals("accepted", outcomes.get(0).get("outcome").asText(), r.body());
      assertEquals("accepted", outcomes.get(1).get("outcome").asText(), r.body());
      assertEquals(second.rev(), outcomes.get(0).get("currentRev").asText());
      int revisions = server.store().read(tx -> tx.revisions().revisionCount(first.id()));
      assertEquals(2, revisions, "the two revisions, and no server merge of them");
    }
  }

  @Test
  void aConflictSideSentAgainSaysWhyTheRecordIsUnderReview() throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      TestDevice bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "tab-b");
      String token = alice.login();
      String beaToken = bea.login();
      Revision base = alice.own(Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", 1,
          "Seen."));
      Revision one = alice.own(Revs.editBody(base, "u-alice", "tab-a", 2, duration(40)));
      Revision two = bea.own(Revs.editBody(base, "u-bea", "tab-b", 3, duration(55)));
      assertEquals(200, pushAll(server, token, alice, List.of(base, one)).statusCode());
      JsonNode first = ProtocolCodec.readTree(pushAll(server, beaToken, bea, List.of(two))
          .body()).at("/outcomes/0");
      assertEquals("conflict", first.get("outcome").asText(), first.toString());
      JsonNode again = ProtocolCodec.readTree(pushAll(server, beaToken, bea, List.of(two))
          .body()).at("/outcomes/0");
      assertEquals("duplicate", again.get("outcome").asText(), again.toString());
      assertEquals("conflict", again.get("firstOutcome").asText());
      assertEquals("sync.conflict", again.at("/error/code").asText(), again.toString());
      assertEquals("durationMinutes", again.at("/error/errors/0/field").asText());
    }
  }

  private static String duration(int minutes) {
    var v = Revs.visit(KIDS, "Seen.");
    return ProtocolCodec.encodeBody(new Visit(v.date(),
        v.startTime(), minutes, v.mode(), v.kind(), v.planned(), v.childrenSeen(),
        v.othersPresent(), v.homeConditions(), v.analysis(), v.actionsAgreed(), v.notes(),
        v.nextVisitDate()));
  }

  private HttpResponse<String> pushAll(TestServer server, String token, TestDevice device,
      List<Revision> revs) throws Exception {
    return client.send(request(server, token, "api/v1/sync/push")
        .POST(HttpRequest.BodyPublishers.ofString(device.pushBody(revs))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode body(TestDevice device, Revision r) {
    return (ObjectNode) ProtocolCodec.readTree(device.pushBody(List.of(r)));
  }

  private HttpResponse<String> push(TestServer server, String token, ObjectNode body)
      throws Exception {
    return client.send(request(server, token, "api/v1/sync/push")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(TestServer server, String token, String path)
      throws Exception {
    return client.send(request(server, token, path).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(TestServer server, String token, String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code,
      String field) {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode p = ProtocolCodec.readTree(r.body());
    assertEquals(code, p.get("code").asText(), r.body());
    if (field != null) {
      ArrayNode errors = (ArrayNode) p.get("errors");
      assertTrue(errors != null && errors.size() == 1
          && field.equals(errors.get(0).get("field").asText()), r.body());
    }
  }
}
