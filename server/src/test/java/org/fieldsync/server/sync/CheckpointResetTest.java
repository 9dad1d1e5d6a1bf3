package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreIdentity;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tablet's checkpoint is honoured only by the store and the epoch that issued it: one from
 * before a restore, or from another server, is answered 410 so the tablet pulls from the start
 * instead of skipping what happened in between; one the server never issued is 400.
 */
class CheckpointResetTest {
  @TempDir Path tmp;

  @Test
  void aCheckpointFromBeforeARestoreTellsTheTabletToPullFromTheStart() {
    try (TestServer server = TestServer.start(tmp.resolve("a"))) {
      Api api = new Api(server.port());
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      api.push(alice, Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 1,
          "Seen at home."));
      String token = alice.login();
      String checkpoint = changes(api, token, null).get("checkpoint").asText();
      assertEquals(200, api.send("GET", "/api/v1/sync/changes?since=" + checkpoint, token, null)
          .status(), "the store's own checkpoint is good");

      server.stop();
      try (Store restored = server.config().storeSettings().open()) {
        StoreIdentity.newEpoch(restored);
      }
      server.start(); // as after a restore from backup

      RawHttp.Response stale = api.send("GET", "/api/v1/sync/changes?since=" + checkpoint,
          alice.login(), null);
      assertEquals(410, stale.status(), stale.body());
      assertEquals("sync.checkpoint.reset", Api.json(stale).get("code").asText());
      JsonNode fromStart = changes(api, alice.login(), null);
      assertEquals(1, fromStart.get("changes").size(), "everything, from the start");
    }
  }

  @Test
  void anotherServersCheckpointIsAResetAndAForgedOneIsInvalid() {
    try (TestServer a = TestServer.start(tmp.resolve("a"));
        TestServer b = TestServer.start(tmp.resolve("b"))) {
      TestDevice onA = TestDevice.enrol(a.store(), a.port(), "fw.alice", "tab-a");
      TestDevice onB = TestDevice.enrol(b.store(), b.port(), "fw.alice", "tab-b");
      String fromA = changes(new Api(a.port()), onA.login(), null).get("checkpoint").asText();
      Api apiB = new Api(b.port());
      RawHttp.Response other = apiB.send("GET", "/api/v1/sync/changes?since=" + fromA,
          onB.login(), null);
      assertEquals(410, other.status(), other.body());
      assertEquals("sync.checkpoint.reset", Api.json(other).get("code").asText());
      RawHttp.Response forged = apiB.send("GET", "/api/v1/sync/changes?since=eyJzIjo5OTk5OTk5OX0",
          onB.login(), null);
      assertEquals(400, forged.status(), forged.body());
      assertEquals("sync.checkpoint.invalid", Api.json(forged).get("code").asText());
    }
  }

  private static JsonNode changes(Api api, String token, String since) {
    RawHttp.Response r = api.send("GET", "/api/v1/sync/changes"
        + (since == null ? "" : "?since=" + since), token, null);
    assertEquals(200, r.status(), r.body());
    return Api.json(r);
  }
}
