package org.fieldsync.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.SignInThrottle;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.fieldsync.server.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes on one PostgreSQL keep what they hold in memory coherent (decision 0031):
 * a device revoked through one node moves no data through the other, at once; a logout and
 * failed sign-ins on one node count on the other; a push through one node pokes a tablet
 * connected to the other.
 */
class NodeCoherenceTest {
  @TempDir Path tmp;
  private String db;
  private TestServer a;
  private TestServer b;

  @BeforeEach
  void twoNodes() {
    db = TestStores.scratch();
    ServerConfig base = ServerConfig.builder().store("postgresql")
        .jdbcUrl(TestStores.HOST_URL + db).dbUser("postgres").dbPassword("")
        .secretsDir(tmp.resolve("secrets")).loginMaxFailures(4).build();
    a = TestServer.start(tmp.resolve("a"), base);
    b = TestServer.start(tmp.resolve("b"), base);
  }

  @AfterEach
  void stop() {
    b.close();
    a.close();
    TestStores.drop(db);
  }

  @Test
  void aDeviceRevokedThroughOneNodeIsRefusedAtOnceByTheOther() {
    TestDevice tablet = TestDevice.enrol(a.store(), a.port(), "fw.alice", "coherent-1");
    Api onB = new Api(b.port());
    String token = tablet.login();
    assertEquals("accepted", onB.push(tablet, Revs.newVisit("case-0001", List.of("child-0001"),
        "u-alice", "coherent-1", 1_000, "Seen at home.")).get("outcome").asText());

    Api onA = new Api(a.port());
    RawHttp.Response revoked = onA.send("POST", "/api/v1/admin/devices/coherent-1/revoke",
        onA.token("admin.gus"), "{}");
    assertEquals(200, revoked.status(), revoked.body());

    RawHttp.Response pull = onB.send("GET", "/api/v1/sync/changes", token, null);
    assertEquals(403, pull.status(), pull.body());
    assertEquals("device.revoked", Api.json(pull).get("code").asText());
    RawHttp.Response push = onB.send("POST", "/api/v1/sync/push", token, tablet.pushBody(
        List.of(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "coherent-1",
            2_000, "After revocation."))));
    assertEquals(403, push.status(), push.body());
    assertEquals("device.revoked", Api.json(push).get("code").asText());
  }

  @Test
  void aLogoutThroughOneNodeEndsTheTokenOnTheOther() {
    Api onA = new Api(a.port());
    Api onB = new Api(b.port());
    String token = onA.token("tm.erin");
    assertEquals(200, onB.send("GET", "/api/v1/cases/case-0001/timeline", token, null).status());
    assertEquals(200, onA.send("POST", "/api/v1/auth/logout", token, null).status());
    waitFor(() -> onB.send("GET", "/api/v1/cases/case-0001/timeline", token, null).status()
        == 401, "the other node refuses the logged-out token");
  }

  @Test
  void failedSignInsOnEitherNodeCountTowardsOneLimit() {
    Api onA = new Api(a.port());
    Api onB = new Api(b.port());
    String wrong = "{\"username\":\"fw.carl\",\"password\":\"not-the-password\"}";
    String right = "{\"username\":\"fw.carl\",\"password\":\"demo-password-1\"}";
    for (int i = 0; i < 2; i++) {
      assertEquals(401, onA.send("POST", "/api/v1/auth/login", null, wrong).status());
      assertEquals(401, onB.send("POST", "/api/v1/auth/login", null, wrong).status());
    }
    // Four failures in all, two on each node, reach the limit of four on both: even the right
    // password is refused before it is checked. (Each node has counted only two itself; the
    // other's two arrive as a relayed notification, a moment later.)
    SignInThrottle.Attempt carl = new SignInThrottle.Attempt("fw.carl", "127.0.0.1", null);
    waitFor(() -> a.server().signIns().retryAfterSeconds(carl) > 0
        && b.server().signIns().retryAfterSeconds(carl) > 0, "each node has counted four");
    RawHttp.Response onANow = onA.send("POST", "/api/v1/auth/login", null, right);
    assertEquals(429, onANow.status(), onANow.body());
    assertEquals(429, onB.send("POST", "/api/v1/auth/login", null, right).status());
  }

  @Test
  void aPushThroughOneNodePokesATabletConnectedToTheOther() throws Exception {
    TestDevice bea = TestDevice.enrol(a.store(), a.port(), "fw.bea", "listener-1");
    TestDevice alice = TestDevice.enrol(a.store(), a.port(), "fw.alice", "writer-1");
    CountDownLatch poked = new CountDownLatch(1);
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + bea.login())
        .buildAsync(URI.create("ws://127.0.0.1:" + b.port() + "/api/v1/sync/ws"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                if (data.toString().contains("\"poke\"")) {
                  poked.countDown();
                }
                w.request(1);
                return null;
              }
            }).get(10, TimeUnit.SECONDS);
    try {
      new Api(a.port()).push(alice, Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
          "writer-1", 1_000, "Seen at school."));
      assertTrue(poked.await(10, TimeUnit.SECONDS), "bea's tablet on node B was poked");
    } finally {
      ws.abort();
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
