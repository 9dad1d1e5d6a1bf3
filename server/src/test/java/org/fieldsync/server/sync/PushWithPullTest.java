package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.Caseload;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync pass in one round trip: a push with {@code pull=1} answers its outcomes and the feed's
 * next page, read after the push was stored; the last page says the caseload's tag and carries
 * the caseload only when the client's tag is another. A bad {@code limit} stores nothing.
 */
class PushWithPullTest {
  @TempDir Path tmp;

  @Test
  void aPushBringsTheFeedAlongAndTheCaseloadOnlyWhenItChanged() {
    try (TestServer server = TestServer.start(tmp)) {
      Api api = new Api(server.port());
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      TestDevice bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "tab-b");
      Revision fromBea = Revs.newVisit("case-0001", List.of("child-0001"), "u-bea", "tab-b", 1,
          "Seen at school.");
      api.push(bea, fromBea);
      String token = alice.login();
      Revision fromAlice = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
          "tab-a", 2, "Seen at home.");
      JsonNode first = Api.json(api.send("POST", "/api/v1/sync/push?pull=1&limit=50"
          + "&deviceId=tab-a&caseloadTag=", token, alice.pushBody(List.of(fromAlice))));
      assertEquals("accepted", first.at("/outcomes/0/outcome").asText(), first.toString());
      JsonNode page = first.get("changes");
      List<String> ids = page.get("changes").findValuesAsText("id");
      assertTrue(ids.contains(fromBea.id()), "the colleague's visit comes along: " + ids);
      assertFalse(ids.contains(fromAlice.id()), "not the device's own");
      assertFalse(page.get("hasMore").asBoolean());
      String tag = page.get("caseloadTag").asText();
      Caseload caseload = ProtocolCodec.decode(page.get("caseload").toString(), Caseload.class);
      assertEquals(tag, caseload.tag());
      assertTrue(caseload.cases().stream().anyMatch(c -> c.caseId().equals("case-0001")));

      // From that checkpoint, with that tag: nothing new, and no caseload sent again.
      RawHttp.Response again = api.send("GET", "/api/v1/sync/changes?limit=50&deviceId=tab-a"
          + "&since=" + page.get("checkpoint").asText() + "&caseloadTag=" + tag, token, null);
      JsonNode quiet = Api.json(again);
      assertEquals(0, quiet.get("changes").size());
      assertEquals(tag, quiet.get("caseloadTag").asText());
      assertFalse(quiet.has("caseload"), quiet.toString());

      Revision more = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 3,
          "Phoned.");
      RawHttp.Response bad = api.send("POST", "/api/v1/sync/push?pull=1&limit=0", token,
          alice.pushBody(List.of(more)));
      assertEquals(400, bad.status(), bad.body());
      assertEquals("request.param.invalid", Api.json(bad).get("code").asText());
      assertTrue(server.store().read(tx -> tx.revisions().revision(more.id(), more.rev()))
          .isEmpty(), "a refused request stores nothing");
    }
  }
}
