package org.fieldsync.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A revocation's {@code quarantine} is a boolean or absent. A client written from PROTOCOL.md
 * alone sent {@code "yes"}: it was read as false, closing the quarantine, so the tablet would
 * have destroyed its unpushed work. Now it is refused, and nothing is revoked.
 */
class RevokeRequestTest {
  @TempDir Path tmp;

  @Test
  void aQuarantineThatIsNotABooleanIsRefusedAndRevokesNothing() {
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "rv-1");
      Api api = new Api(server.port());
      String admin = api.token("admin.gus");
      for (String body : new String[] {"{\"quarantine\":\"yes\"}", "{\"quarantine\":1}",
          "{\"quarantine\":null}"}) {
        RawHttp.Response r = api.send("POST", "/api/v1/admin/devices/rv-1/revoke", admin, body);
        assertEquals(400, r.status(), body + " -> " + r.body());
        assertEquals("request.body.invalid", Api.json(r).get("code").asText());
        assertEquals("quarantine", Api.json(r).at("/errors/0/field").asText());
      }
      assertEquals(200, api.send("GET", "/api/v1/sync/changes", tablet.login(), null).status(),
          "still active");
      RawHttp.Response ok = api.send("POST", "/api/v1/admin/devices/rv-1/revoke", admin,
          "{\"quarantine\":true}");
      assertEquals(200, ok.status(), ok.body());
      assertEquals(true, Api.json(ok).get("quarantine").asBoolean());
    }
  }
}
