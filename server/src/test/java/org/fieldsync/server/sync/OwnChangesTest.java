package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device's own revisions are left out of its feed only when it asks, by naming itself. */
class OwnChangesTest {
  @TempDir Path tmp;

  @Test
  void aDevicePullingWithoutItsIdGetsItsOwnRecordsBackAndWithItDoesNot() {
    try (TestServer server = TestServer.start(tmp)) {
      Api api = new Api(server.port());
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      Revision own = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 1,
          "Seen at home.");
      api.push(alice, own);
      String token = alice.login();
      RawHttp.Response rebuild = api.send("GET", "/api/v1/sync/changes", token, null);
      assertEquals(1, Api.json(rebuild).get("changes").size(), rebuild.body());
      assertEquals(own.rev(), Api.json(rebuild).at("/changes/0/revision/rev").asText());
      RawHttp.Response named = api.send("GET", "/api/v1/sync/changes?deviceId=tab-a", token,
          null);
      assertEquals(0, Api.json(named).get("changes").size(), named.body());
    }
  }
}
