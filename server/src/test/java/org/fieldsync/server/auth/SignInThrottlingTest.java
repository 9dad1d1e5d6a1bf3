package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestClock;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling on a real server, with clients on several loopback addresses (each its own office
 * to the server): brute force is slowed, and nobody can lock anyone else out. The right password
 * from an address that is not the guesser's signs in; a worker's own tablet, signing its sign-in
 * with its device key, is never slowed by what other addresses ran up; a valid enrolment code is
 * never refused for the wrong codes others sent from the same address.
 */
class SignInThrottlingTest {
  private static final String RIGHT = "demo-password-1";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  @TempDir Path tmp;
  /** Stands still: a throttle's wait never runs out while a test looks at it. */
  private final TestClock clock = new TestClock(Instant.now());
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"),
        ServerConfig.builder().loginMaxFailures(3).loginWindowSeconds(600).build(), clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RawHttp.Response login(String from, String user, String password) throws Exception {
    return RawHttp.sendFrom(from, server.port(), "POST", "/api/v1/auth/login", JSON,
        Api.body("username", user, "password", password));
  }

  private static void assertLimited(RawHttp.Response r) {
    assertEquals(429, r.status(), r.body());
    assertEquals(ErrorCodes.AUTH_RATE_LIMITED, Api.json(r).get("code").asText());
    assertTrue(Long.parseLong(r.headers().get("retry-after")) >= 1, r.headers().toString());
  }

  @Test
  void theGuessersAddressWaitsButTheRightPasswordFromAnotherAddressSignsIn() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(401, login("127.0.0.2", "fw.bea", "not-her-password").status());
    }
    assertLimited(login("127.0.0.2", "fw.bea", RIGHT));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(200, login("127.0.0.2", "fw.bea", RIGHT).status(),
        "after the wait the right password gets in: a throttle, not a lock");
    assertEquals(200, login("127.0.0.3", "fw.bea", RIGHT).status(),
        "Bea, elsewhere, is not locked out by the guesser");
    assertEquals(200, login("127.0.0.2", "fw.alice", RIGHT).status(),
        "nor is a colleague at the guesser's address");
  }

  @Test
  void aTabletSigningItsSignInIsNotSlowedByWhatOtherAddressesRanUp() throws Exception {
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice",
        "alice-tablet");
    // A guesser spread over twelve addresses: the user name's own bucket is full.
    for (int i = 10; i < 22; i++) {
      assertEquals(401, login("127.0.0." + i, "fw.alice", "guess-" + i).status());
    }
    assertLimited(login("127.0.0.40", "fw.alice", RIGHT));
    long now = clock.millis();
    RawHttp.Response signed = RawHttp.sendFrom("127.0.0.40", server.port(), "POST",
        "/api/v1/auth/login", JSON, tablet.signedLoginBody(RIGHT, now));
    assertEquals(200, signed.status(), signed.body());
    assertTrue(Api.json(signed).hasNonNull("refreshToken"), "bound to the tablet");
    RawHttp.Response fromGuesser = RawHttp.sendFrom("127.0.0.10", server.port(), "POST",
        "/api/v1/auth/login", JSON, tablet.signedLoginBody(RIGHT, now));
    assertEquals(200, fromGuesser.status(), "even from one of the guesser's addresses");

    // What does not prove the tablet is throttled like any other sign-in.
    TestDevice other = TestDevice.enrol(server.store(), server.port(), "fw.alice",
        "other-tablet");
    String otherKey = other.signBytes(LoginRequest.signingBytes("alice-tablet", "fw.alice", now));
    assertLimited(RawHttp.sendFrom("127.0.0.41", server.port(), "POST", "/api/v1/auth/login",
        JSON, ProtocolCodec.encodeToString(new LoginRequest("fw.alice", RIGHT, "alice-tablet",
            now, otherKey))));
    assertLimited(RawHttp.sendFrom("127.0.0.41", server.port(), "POST", "/api/v1/auth/login",
        JSON, tablet.signedLoginBody(RIGHT, now - 3_600_000)));
  }

  @Test
  void anOfficeWhereSomeoneGuessesManyNamesStillLetsItsWorkersIn() throws Exception {
    assertEquals(200, login("127.0.0.5", "fw.bea", RIGHT).status(), "Bea's office");
    for (int i = 0; i < 12; i++) {
      assertEquals(401, login("127.0.0.5", "fw.nobody" + i, "guess").status());
    }
    assertLimited(login("127.0.0.5", "fw.carl", RIGHT));
    assertEquals(200, login("127.0.0.5", "fw.bea", RIGHT).status(),
        "Bea has signed in from there before, so the sprayer does not slow her");
    TestDevice carls = TestDevice.enrol(server.store(), server.port(), "fw.carl", "carl-tablet");
    RawHttp.Response signed = RawHttp.sendFrom("127.0.0.5", server.port(), "POST",
        "/api/v1/auth/login", JSON, carls.signedLoginBody(RIGHT, clock.millis()));
    assertEquals(200, signed.status(), "nor Carl's tablet: " + signed.body());
  }

  @Test
  void aValidEnrolmentCodeIsNeverRefusedForTheWrongCodesOthersSent() throws Exception {
    for (int i = 0; i < 3; i++) {
      RawHttp.Response r = enrol("127.0.0.7", "WRONG-CODE-" + i, "tab-x" + i);
      assertEquals(401, r.status(), r.body());
    }
    assertLimited(enrol("127.0.0.7", "WRONG-CODE-9", "tab-y"));
    Api api = new Api(server.port());
    String code = Api.json(api.send("POST", "/api/v1/admin/enrolment-codes",
        api.token("admin.gus"), Api.body("username", "fw.bea"))).get("code").asText();
    RawHttp.Response ok = enrol("127.0.0.7", code, "bea-office-tablet");
    assertEquals(201, ok.status(), ok.body());
    assertFalse(ok.body().contains("rateLimited"));
  }

  private RawHttp.Response enrol(String from, String code, String deviceId) throws Exception {
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());
    return RawHttp.sendFrom(from, server.port(), "POST", "/api/v1/devices/enrol", JSON,
        Api.body("code", code, "deviceId", deviceId, "publicKey", key));
  }
}
