package org.fieldsync.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
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
 * The conflict and history answers carry what a person reads instead of ids: the family's label,
 * each tablet's name, each field's label and whether a resolution may edit it, what the
 * resolution kept, its reason in the history, and the names of the people involved.
 */
class ReadableConflictTest {
  @TempDir Path tmp;
  private TestServer server;
  private Api api;
  private TestDevice alice;
  private TestDevice bea;

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
  void aConflictNamesTheFamilyTheTabletsTheFieldsAndThePeople() {
    Revision visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
        "alice-tablet", 1, "Notes.");
    assertEquals("accepted", api.push(alice, visit).get("outcome").asText());
    api.push(alice, nextVisit(visit, "2026-12-02", "u-alice", "alice-tablet", 2));
    Revision beas = nextVisit(visit, "2026-12-09", "u-bea", "bea-tablet", 3);
    assertEquals("conflict", api.push(bea, beas).get("outcome").asText());

    JsonNode row = api.get("admin.gus", "/api/v1/admin/conflicts").get("conflicts").get(0);
    assertEquals("Family DW-1", row.get("caseLabel").asText());
    String id = row.get("id").asText();
    JsonNode c = api.get("admin.gus", "/api/v1/admin/conflicts/" + id);
    assertEquals("Family DW-1", c.get("caseLabel").asText());
    c.get("sides").forEach(s -> assertEquals("test tablet", s.get("deviceName").asText()));
    JsonNode next = field(c, "nextVisitDate");
    assertEquals("Next visit date", next.get("label").asText());
    assertTrue(next.get("editable").asBoolean());
    assertTrue(next.get("conflicting").asBoolean());
    assertFalse(field(c, "_caseId").get("editable").asBoolean(), "structural: never edited");
    assertEquals("Family", field(c, "_caseId").get("label").asText());
    assertEquals("Alice Penrose", c.get("people").get("u-alice").asText());
    assertEquals("Bea Trevithick", c.get("people").get("u-bea").asText());
    assertTrue(next.path("resolved").isMissingNode(), "nothing resolved yet");

    RawHttp.Response resolved = api.send("POST", "/api/v1/admin/conflicts/" + id + "/resolve",
        api.token("admin.gus"), Api.body("reason", "Bea's date is in the duty log.", "choices",
            Map.of("nextVisitDate", Map.of("side", beas.rev()))));
    assertEquals(200, resolved.status(), resolved.body());
    String rev = Api.json(resolved).get("rev").asText();
    JsonNode after = api.get("admin.gus", "/api/v1/admin/conflicts/" + id);
    assertEquals("2026-12-09", field(after, "nextVisitDate").get("resolved").asText());
    assertEquals("Notes.", field(after, "notes").get("resolved").asText());
    assertEquals("Gus Rowse", after.get("people").get("u-gus").asText());

    JsonNode history = api.get("admin.gus", "/api/v1/records/" + visit.id() + "/history");
    assertEquals("Family DW-1", history.get("caseLabel").asText());
    JsonNode resolution = null;
    for (JsonNode r : history.get("revisions")) {
      if (r.get("rev").asText().equals(rev)) {
        resolution = r;
      } else {
        assertEquals("test tablet", r.get("deviceName").asText());
        assertTrue(r.path("reason").isMissingNode());
      }
      assertEquals("case-0001", r.get("caseId").asText());
    }
    assertEquals("Bea's date is in the duty log.", resolution.get("reason").asText());
    assertEquals(id, resolution.get("conflictId").asText());
    assertEquals("server", resolution.get("deviceId").asText());
    assertNull(resolution.get("deviceName"), "the server is not a tablet");
    assertEquals("Gus Rowse", history.get("people").get("u-gus").asText());
  }

  @Test
  void theVocabularyGivesEveryTypesFieldsInWords() {
    JsonNode v = Api.json(api.send("GET", "/api/v1/vocabulary", api.token("fw.alice"), null));
    JsonNode visit = null;
    for (JsonNode t : v.get("types")) {
      if (t.get("type").asText().equals("visit")) {
        visit = t;
      }
    }
    assertEquals("Visit", visit.get("label").asText());
    JsonNode mode = null;
    for (JsonNode f : visit.get("fields")) {
      if (f.get("name").asText().equals("mode")) {
        mode = f;
      }
    }
    assertEquals("code", mode.get("format").asText());
    assertEquals("Home visit", mode.get("codes").get("home_visit").asText());
    assertEquals("_caseId", v.get("envelope").get(0).get("name").asText());
    assertEquals(401, api.send("GET", "/api/v1/vocabulary", null, null).status());
  }

  private static JsonNode field(JsonNode conflict, String name) {
    for (JsonNode f : conflict.get("fields")) {
      if (f.get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no field " + name);
  }

  private static Revision nextVisit(Revision parent, String date, String author, String device,
      long clock) {
    ObjectNode body = (ObjectNode) ProtocolCodec.readTree(parent.body());
    body.put("nextVisitDate", date);
    return Revs.editBody(parent, author, device, clock, CanonicalJson.canonicalize(body));
  }
}
