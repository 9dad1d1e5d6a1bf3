package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogoutTest {
  @TempDir Path tmp;

  @Test
  void aLoggedOutTokenIsRefusedAtOnceAndAfterARestart() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"))) {
      String token = login(server);
      String other = login(server);
      assertEquals(200, get(server, token).status());
      RawHttp.Response out = RawHttp.send(server.port(), "POST", "/api/v1/auth/logout",
          Map.of("Authorization", "Bearer " + token), null);
      assertEquals(200, out.status(), out.body());
      RawHttp.Response refused = get(server, token);
      assertEquals(401, refused.status());
      assertEquals("auth.token.invalid", ProtocolCodec.readTree(refused.body()).get("code")
          .asText());
      assertEquals(200, get(server, other).status(), "only that token ends");
      server.stop();
      server.start();
      assertEquals(401, get(server, token).status(), "still refused after a restart");
      assertEquals(200, get(server, login(server)).status());
    }
  }

  private static String login(TestServer s) throws Exception {
    RawHttp.Response r = RawHttp.send(s.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"),
        "{\"username\":\"fw.alice\",\"password\":\"demo-password-1\"}");
    return ProtocolCodec.readTree(r.body()).get("token").asText();
  }

  private static RawHttp.Response get(TestServer s, String token) throws Exception {
    return RawHttp.send(s.port(), "GET", "/api/v1/cases/case-0001/timeline",
        Map.of("Authorization", "Bearer " + token), null);
  }
}
