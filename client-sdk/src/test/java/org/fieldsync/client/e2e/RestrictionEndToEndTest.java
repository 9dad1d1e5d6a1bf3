package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * A record of a sensitive category restricted to named workers: it leaves every other tablet,
 * timelines and history leave it out, pushes to it are refused, and the console shows it only to
 * a named admin. Lifting the restriction brings it back.
 */
class RestrictionEndToEndTest extends ServerBackedTest {

  @Test
  void restrictedRecordLeavesOtherTabletsAndComesBackWhenLifted() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      List<RecordEvent> beaEvents = new CopyOnWriteArrayList<>();
      bea.addRecordListener(beaEvents::addAll);
      // Bea records a disclosure; the team manager restricts it to Alice (and herself).
      String id = bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS,
          "Disclosure recorded; safety plan discussed.")).id();
      String other = bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Routine.")).id();
      bea.syncNow();
      alice.syncNow();
      String erin = raw.token("tm.erin");
      RawClient.Response r = raw.send("PUT", "api/v1/records/" + id + "/restriction", erin,
          "{\"category\":\"domestic_abuse\",\"users\":[\"u-alice\"]}");
      assertEquals(200, r.status(), r.body());

      bea.syncNow();
      alice.syncNow();
      assertTrue(bea.visits().get(id).isEmpty(), "even its author's tablet drops it");
      assertTrue(bea.visits().get(other).isPresent(), "the rest of the case stays");
      assertTrue(alice.visits().get(id).isPresent(), "a named worker keeps it");
      Fixtures.await("withdrawn event", Duration.ofSeconds(5), () -> beaEvents.stream()
          .anyMatch(e -> e.kind() == RecordEvent.Kind.WITHDRAWN && e.recordId().equals(id)));

      String beaToken = raw.token("fw.bea");
      assertFalse(raw.send("GET", "api/v1/cases/" + CASE + "/timeline", beaToken, null).body()
          .contains(id), "not on Bea's timeline");
      assertTrue(raw.send("GET", "api/v1/cases/" + CASE + "/timeline", raw.token("fw.alice"),
          null).body().contains(id));
      assertEquals(404, raw.send("GET", "api/v1/records/" + id + "/history", beaToken, null)
          .status());
      Revision current = server.store().read(tx -> tx.revisions().revision(id,
          tx.revisions().current(id).orElseThrow().currentRev()).orElseThrow());
      TestDevice beaTablet = TestDevice.enrol(server.store(), server.port(), "fw.bea", "b-raw");
      JsonNode push = json(raw.send("POST", "api/v1/sync/push", beaTablet.login(),
          beaTablet.pushBody(List.of(Revs.edit(current, "u-bea", "b", 99, "an edit")))));
      assertEquals("scope.record.restricted",
          push.get("outcomes").get(0).get("error").get("code").asText());

      // A conflict on it: the console will not show it to an admin who is not named.
      TestDevice aliceTablet = TestDevice.enrol(server.store(), server.port(), "fw.alice",
          "a-raw");
      String aliceToken = aliceTablet.login();
      raw.send("POST", "api/v1/sync/push", aliceToken, aliceTablet.pushBody(List.of(
          Revs.edit(current, "u-alice", "a", 100, "one"))));
      // From a second tablet: one tablet's second edit of the same parent replaces its first
      // (PROTOCOL section 11), so two tablets make the conflict.
      TestDevice aliceOther = TestDevice.enrol(server.store(), server.port(), "fw.alice",
          "a2-raw");
      raw.send("POST", "api/v1/sync/push", aliceOther.login(), aliceOther.pushBody(List.of(
          Revs.edit(current, "u-alice", "a2", 101, "two"))));
      String admin = raw.token("admin.gus");
      String cid = json(raw.send("GET", "api/v1/admin/conflicts", admin, null))
          .get("conflicts").get(0).get("id").asText();
      RawClient.Response detail = raw.send("GET", "api/v1/admin/conflicts/" + cid, admin, null);
      assertEquals(403, detail.status());
      assertEquals("scope.record.restricted", json(detail).get("code").asText());

      assertEquals(200, raw.send("DELETE", "api/v1/records/" + id + "/restriction", erin, null)
          .status());
      bea.syncNow();
      assertTrue(bea.visits().get(id).isPresent(), "lifted: back on Bea's tablet");
    }
  }

  private static JsonNode json(RawClient.Response r) {
    return ProtocolCodec.readTree(r.body());
  }
}
