package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestClock;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh tokens against a real server: bound to the enrolled device that signed in, usable
 * only with that device's signature, one-time, and a spent one coming back ends them all.
 */
class RefreshTokenTest {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  @TempDir Path tmp;
  private TestServer server;
  private TestDevice tablet;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"));
    tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "refresh-tablet");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTabletSignInGetsARefreshTokenThatGivesTheNextAccessTokenOnce() throws Exception {
    JsonNode login = tablet.loginResponse();
    String first = login.path("refreshToken").asText(null);
    assertNotNull(first, "a sign-in from an enrolled tablet gets a refresh token");

    RawHttp.Response r = refresh(tablet.refreshBody(first));
    assertEquals(200, r.status(), r.body());
    JsonNode next = ProtocolCodec.readTree(r.body());
    String access = next.get("token").asText();
    String second = next.get("refreshToken").asText();
    assertNotEquals(first, second, "each refresh hands out the next token");
    assertEquals("fw.alice", next.at("/user/username").asText());
    RawHttp.Response changes = RawHttp.send(server.port(), "GET",
        "/api/v1/sync/changes?deviceId=refresh-tablet", Map.of("Authorization", "Bearer "
            + access), null);
    assertEquals(200, changes.status(), "the refreshed token is bound to the tablet and syncs");

    assertEquals(200, refresh(tablet.refreshBody(second)).status());
    // The first token again, after its successor was used: a copy is in use somewhere.
    RawHttp.Response reused = refresh(tablet.refreshBody(first));
    assertProblem(reused, 401, "auth.refresh.invalid");
    assertTrue(reused.body().contains("already used"), reused.body());
    awaitAction("refresh.reused"); // the reuse is audited
  }

  @Test
  void reuseEndsEveryRefreshTokenOfTheDevice() throws Exception {
    String a = tablet.loginResponse().get("refreshToken").asText();
    String b = refreshToken(refresh(tablet.refreshBody(a)));
    String c = refreshToken(refresh(tablet.refreshBody(b)));
    assertProblem(refresh(tablet.refreshBody(a)), 401, "auth.refresh.invalid");
    assertProblem(refresh(tablet.refreshBody(c)), 401, "auth.refresh.invalid");
    // The password still works, and starts a new chain.
    String fresh = tablet.loginResponse().get("refreshToken").asText();
    assertEquals(200, refresh(tablet.refreshBody(fresh)).status());
  }

  @Test
  void aLostAnswerMayBeRetriedOnceAndEndsTheUnusedSuccessor() throws Exception {
    String a = tablet.loginResponse().get("refreshToken").asText();
    String lost = refreshToken(refresh(tablet.refreshBody(a)));
    // The answer never reached the tablet; it tries again with the same token.
    RawHttp.Response again = refresh(tablet.refreshBody(a));
    assertEquals(200, again.status(), again.body());
    String kept = refreshToken(again);
    assertProblem(refresh(tablet.refreshBody(lost)), 401, "auth.refresh.invalid");
    // That last call presented an ended token: it counts as reuse and ends the chain.
    assertProblem(refresh(tablet.refreshBody(kept)), 401, "auth.refresh.invalid");
  }

  @Test
  void theTokenAloneIsNotEnoughWithoutTheDevicesSignature() throws Exception {
    String token = tablet.loginResponse().get("refreshToken").asText();
    TestDevice other = TestDevice.enrol(server.store(), server.port(), "fw.alice", "other");
    // Signed by another enrolled device, claiming to be the tablet.
    String forged = ProtocolCodec.encodeToString(new RefreshRequest(token, "refresh-tablet",
        other.signBytes(RefreshRequest.signingBytes("refresh-tablet", token))));
    assertProblem(refresh(forged), 401, "auth.refresh.invalid");
    // A revision-style signature over other bytes does not serve either.
    String wrongBytes = ProtocolCodec.encodeToString(new RefreshRequest(token, "refresh-tablet",
        tablet.signBytes(token.getBytes(StandardCharsets.UTF_8))));
    assertProblem(refresh(wrongBytes), 401, "auth.refresh.invalid");
    awaitAction("refresh.signature.invalid");
    // Refused before it was spent: the real tablet can still use it.
    assertEquals(200, refresh(tablet.refreshBody(token)).status());
  }

  @Test
  void anotherDevicePresentingTheTokenEndsTheOwnersTokens() throws Exception {
    String token = tablet.loginResponse().get("refreshToken").asText();
    TestDevice thief = TestDevice.enrol(server.store(), server.port(), "fw.alice", "thief");
    assertProblem(refresh(thief.refreshBody(token)), 401, "auth.refresh.invalid");
    assertProblem(refresh(tablet.refreshBody(token)), 401, "auth.refresh.invalid");
    awaitAction("refresh.otherDevice");
  }

  @Test
  void aRefreshFoldedIntoASyncRequestIsSpentByTheSameRules() throws Exception {
    String first = tablet.loginResponse().get("refreshToken").asText();
    RawHttp.Response pulled = folded(tablet, first);
    assertEquals(200, pulled.status(), pulled.body());
    String access = header(pulled, "FieldSync-Access-Token");
    String second = header(pulled, "FieldSync-Refresh-Token");
    assertNotNull(access, "the new access token comes in a header");
    assertNotEquals(first, second, "rotated");
    assertEquals(200, RawHttp.send(server.port(), "GET", "/api/v1/sync/changes",
        Map.of("Authorization", "Bearer " + access), null).status());
    // Presented by another device: refused, and the owner's tokens end (as at /auth/refresh).
    TestDevice thief = TestDevice.enrol(server.store(), server.port(), "fw.alice", "thief-2");
    assertProblem(folded(thief, second), 401, "auth.refresh.invalid");
    assertProblem(folded(tablet, second), 401, "auth.refresh.invalid");
    assertProblem(RawHttp.send(server.port(), "GET", "/api/v1/sync/changes",
        Map.of("FieldSync-Refresh", "only-two parts"), null), 400, "request.param.invalid");
    String beforeRevoke = tablet.loginResponse().get("refreshToken").asText();
    assertEquals(200, admin("/api/v1/admin/devices/refresh-tablet/revoke", "{}").status());
    assertProblem(folded(tablet, beforeRevoke), 403, "device.revoked");
  }

  private RawHttp.Response folded(TestDevice device, String refreshToken) throws Exception {
    JsonNode body = ProtocolCodec.readTree(device.refreshBody(refreshToken));
    return RawHttp.send(server.port(), "GET", "/api/v1/sync/changes?limit=10", Map.of(
        "FieldSync-Refresh", body.get("deviceId").asText() + " " + refreshToken + " "
            + body.get("signature").asText()), null);
  }

  private static String header(RawHttp.Response r, String name) {
    return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  @Test
  void signInsWithoutAnEnrolledDeviceGetNoRefreshToken() throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login", JSON,
        "{\"username\":\"admin.gus\",\"password\":\"demo-password-1\"}");
    assertEquals(200, r.status());
    assertNull(ProtocolCodec.readTree(r.body()).get("refreshToken"));
  }

  @Test
  void logoutRevocationAndLossEndRefreshTokens() throws Exception {
    JsonNode login = tablet.loginResponse();
    String token = login.get("refreshToken").asText();
    RawHttp.Response out = RawHttp.send(server.port(), "POST", "/api/v1/auth/logout",
        Map.of("Authorization", "Bearer " + login.get("token").asText()), null);
    assertEquals(200, out.status());
    assertProblem(refresh(tablet.refreshBody(token)), 401, "auth.refresh.invalid");

    String beforeRevoke = tablet.loginResponse().get("refreshToken").asText();
    assertEquals(200, admin("/api/v1/admin/devices/refresh-tablet/revoke", "{}").status());
    assertProblem(refresh(tablet.refreshBody(beforeRevoke)), 403, "device.revoked");

    TestDevice lostOne = TestDevice.enrol(server.store(), server.port(), "fw.alice", "lost-one");
    String beforeLoss = lostOne.loginResponse().get("refreshToken").asText();
    assertEquals(200, admin("/api/v1/admin/devices/lost-one/lost", null).status());
    assertProblem(refresh(lostOne.refreshBody(beforeLoss)), 403, "device.lost");
  }

  @Test
  void tokensLastAcrossARestartAreStoredOnlyHashedAndLapse() throws Exception {
    String token = tablet.loginResponse().get("refreshToken").asText();
    server.stop();
    server.start();
    String next = refreshToken(refresh(tablet.refreshBody(token)));
    for (Path f : Files.list(server.dataDir()).toList()) {
      if (Files.isRegularFile(f)) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(token) || bytes.contains(next), f + " holds a refresh token");
      }
    }
    server.close();
    TestClock time = new TestClock(Instant.now());
    server = TestServer.start(tmp.resolve("short"), ServerConfig.builder()
        .refreshSeconds(1).build(), time);
    tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "short-lived");
    String lapsing = tablet.loginResponse().get("refreshToken").asText();
    time.advance(Duration.ofMillis(1_200));
    RawHttp.Response lapsed = refresh(tablet.refreshBody(lapsing));
    assertProblem(lapsed, 401, "auth.refresh.invalid");
    assertTrue(lapsed.body().contains("lapsed"), lapsed.body());
  }

  @Test
  void malformedRefreshesGetStableProblems() throws Exception {
    assertProblem(refresh("{}"), 400, "request.body.invalid");
    assertProblem(refresh("{\"refreshToken\":\"x\",\"deviceId\":\"nope\",\"signature\":\"!!\"}"),
        401, "auth.refresh.invalid");
    assertProblem(refresh("{\"refreshToken\":1"), 400, "request.body.malformed");
  }

  private RawHttp.Response refresh(String body) throws Exception {
    return RawHttp.send(server.port(), "POST", "/api/v1/auth/refresh", JSON, body);
  }

  private RawHttp.Response admin(String path, String body) throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login", JSON,
        "{\"username\":\"admin.gus\",\"password\":\"demo-password-1\"}");
    String token = ProtocolCodec.readTree(r.body()).get("token").asText();
    Map<String, String> h = new HashMap<>(Map.of("Authorization", "Bearer " + token));
    if (body != null) {
      h.putAll(JSON);
    }
    return RawHttp.send(server.port(), "POST", path, h, body);
  }

  /** The audit trail's actions, read the way an auditor reads them. */
  /**
   * Waits (bounded) for an action in the audit trail: refusals are audited through the audit
   * queue, after the answer, so a fast reader may look before they are written.
   */
  private void awaitAction(String action) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!actions().contains(action)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(action + " was not audited within 10 s");
      }
      // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private String actions() throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login", JSON,
        "{\"username\":\"au.iris\",\"password\":\"demo-password-1\"}");
    String token = ProtocolCodec.readTree(r.body()).get("token").asText();
    RawHttp.Response audit = RawHttp.send(server.port(), "GET", "/api/v1/audit?limit=1000",
        Map.of("Authorization", "Bearer " + token), null);
    assertEquals(200, audit.status(), audit.body());
    List<String> out = new ArrayList<>();
    ProtocolCodec.readTree(audit.body()).get("entries").forEach(e -> out.add(
        e.get("action").asText()));
    return out.toString();
  }

  private static String refreshToken(RawHttp.Response r) {
    assertEquals(200, r.status(), r.body());
    return ProtocolCodec.readTree(r.body()).get("refreshToken").asText();
  }

  private static void assertProblem(RawHttp.Response r, int status, String code) {
    assertEquals(status, r.status(), r.body());
    assertEquals(code, ProtocolCodec.readTree(r.body()).get("code").asText(), r.body());
  }
}
