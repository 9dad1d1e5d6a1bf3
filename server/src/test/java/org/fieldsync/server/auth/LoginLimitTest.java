package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginLimitTest {
  @TempDir Path tmp;

  @Test
  void windowCountsFailuresPerUserAndPerAddressAndReopens() {
    AtomicLong now = new AtomicLong(1_000_000);
    LoginLimiter l = new LoginLimiter(3, 60, now::get);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, l.retryAfterSeconds("fw.bea", "10.0.0.1"));
      l.failed("FW.Bea ", "10.0.0.1");
    }
    assertEquals(60, l.retryAfterSeconds("fw.bea", "10.0.0.2"), "the user name is limited");
    assertEquals(0, l.retryAfterSeconds("fw.alice", "10.0.0.1"), "the address is not, yet");
    now.addAndGet(30_000);
    assertEquals(30, l.retryAfterSeconds("fw.bea", "10.0.0.2"));
    now.addAndGet(30_001);
    assertEquals(0, l.retryAfterSeconds("fw.bea", "10.0.0.2"), "failures age out");
    for (int i = 0; i < 12; i++) {
      l.failed("user" + i, "10.0.0.9");
    }
    assertTrue(l.retryAfterSeconds("someone-new", "10.0.0.9") > 0, "an address guessing many"
        + " user names is limited too");
    l.failed("fw.carl", "10.0.0.3");
    l.succeeded("fw.carl");
    assertEquals(0, l.retryAfterSeconds("fw.carl", "10.0.0.4"));
  }

  @Test
  void overTheLimitEvenTheRightPasswordWaitsWith429AndRetryAfter() throws Exception {
    try (TestServer server = TestServer.start(tmp.resolve("data"),
        ServerConfig.builder().loginMaxFailures(3).loginWindowSeconds(600).build())) {
      for (int i = 0; i < 3; i++) {
        assertEquals(401, login(server, "fw.bea", "not-her-password").status());
      }
      RawHttp.Response limited = login(server, "fw.bea", "demo-password-1");
      assertEquals(429, limited.status(), limited.body());
      assertEquals("auth.rateLimited", ProtocolCodec.readTree(limited.body()).get("code")
          .asText());
      assertTrue(Long.parseLong(limited.headers().get("retry-after")) > 0);
      assertEquals(200, login(server, "fw.alice", "demo-password-1").status(),
          "other users are not locked out by Bea's attacker");
    }
  }

  private static RawHttp.Response login(TestServer s, String user, String password)
      throws Exception {
    return RawHttp.send(s.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "application/json"),
        "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
  }
}
