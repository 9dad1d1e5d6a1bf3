package org.fieldsync.client.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.records.RecordBodies;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's error paths, each reached on purpose through the scriptable {@link FakeServer}: what
 * a real server seldom does on cue (half an answer, a 503 with Retry-After, a malformed page, a
 * poke racing a push answer, an expired token) and what a network does (refuse, drop). A real
 * Couchbase Lite store in a temporary folder on the tablet side.
 */
class SdkErrorPathsTest {
  private static final String PUSH = "POST /api/v1/sync/push";
  private static final String CHANGES = "GET /api/v1/sync/changes";
  private static final List<String> KIDS = List.of("child-0001");
  @TempDir Path tmp;
  private FakeServer fake;

  @BeforeEach
  void start() {
    fake = FakeServer.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Visit visit(String notes) {
    return RecordBodies.visit().date(LocalDate.of(2026, 11, 20))
        .mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CIN).childSeenAlone("child-0001")
        .notes(notes).build();
  }

  private static String revOf(RecordedRequest push) {
    return ProtocolCodec.readTree(push.bodyText()).get("revisions").get(0).get("rev").asText();
  }

  @Test
  void aHalfWrittenPushAnswerKeepsTheRecordPendingAndTheSameRevisionIsPushedAgain() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      String id = fs.visits().create("case-0001", KIDS, visit("Seen at home.")).id();
      fake.enqueue(PUSH, req -> FakeTablet.acceptAll(req).halfWritten());
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals(SdkErrorCodes.TRANSPORT_UNAVAILABLE, e.code());
      assertTrue(e.mayHaveReachedServer(), "the push arrived; only the answer was cut");
      assertEquals(SyncState.PENDING, fs.visits().get(id).orElseThrow().state());
      assertEquals(List.of(id), fs.notYetReceived());
      fs.syncNow();
      List<RecordedRequest> pushes = fake.requests(PUSH);
      assertEquals(2, pushes.size());
      assertEquals(revOf(pushes.get(0)), revOf(pushes.get(1)), "the same revision, again");
      assertEquals(SyncState.SYNCED, fs.visits().get(id).orElseThrow().state());
    }
  }

  @Test
  void a503WithRetryAfterMakesBackgroundSyncWaitAsLongAsAsked() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      fake.enqueue(PUSH, FakeResponse.problem(503, "server.unavailable", "busy")
          .withHeader("Retry-After", "2"));
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
      assertTrue(e.mayHaveReachedServer());
      fake.enqueue(PUSH, FakeResponse.problem(503, "server.unavailable", "busy")
          .withHeader("Retry-After", "2"));
      fs.startSync();
      await("two more pushes", () -> fake.requests(PUSH).size() >= 3);
      List<RecordedRequest> pushes = fake.requests(PUSH);
      long gap = pushes.get(2).receivedAt().toEpochMilli()
          - pushes.get(1).receivedAt().toEpochMilli();
      assertTrue(gap >= 1_900, "waited " + gap + " ms; the backoff alone is 50 ms");
    }
  }

  @Test
  void aMalformedChangesPageAppliesNothingAndKeepsTheCheckpoint() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      fs.syncNow(); // checkpoint cp-1
      fake.enqueue(CHANGES, FakeResponse.json(200,
          "{\"changes\":[{\"kind\":\"record\",\"seq\":"));
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals(SdkErrorCodes.RESPONSE_UNREADABLE, e.code());
      assertTrue(e.getMessage().contains("could not be read"), e.getMessage());
      assertEquals(e, fs.status().lastError());
      fs.syncNow();
      List<RecordedRequest> pulls = fake.requests(CHANGES);
      assertTrue(pulls.get(pulls.size() - 1).query().contains("since=cp-1"),
          "the page was not applied, the checkpoint stayed: " + pulls.get(pulls.size() - 1));
    }
  }

  @Test
  void aPokeThatArrivesBeforeThePushAnswerRunsAnotherPassAtOnce() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"),
        b -> b.idleInterval(Duration.ofHours(1)))) {
      fs.startSync();
      await("the poke socket", () -> fake.openSockets() == 1);
      int pullsBefore = fake.requests(CHANGES).size();
      fake.enqueue(PUSH, req -> FakeTablet.acceptAll(req).after(fake::poke));
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      await("a pull for the push, and one for the poke",
          () -> fake.requests(CHANGES).size() >= pullsBefore + 2);
    }
  }

  @Test
  void anExpiredTokenIsRefreshedWithTheSignedRefreshTokenAndTheCallRepeated() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      fake.enqueue(PUSH, FakeResponse.problem(401, "auth.token.invalid", "expired"));
      fake.enqueue("POST /api/v1/auth/refresh", FakeTablet.login("t-2", "rt-2"));
      int logins = fake.requests("POST /api/v1/auth/login").size();
      assertEquals(1, fs.syncNow().pushed());
      List<RecordedRequest> pushes = fake.requests(PUSH);
      assertEquals("Bearer t-1", pushes.get(0).header("Authorization"));
      assertEquals("Bearer t-2", pushes.get(1).header("Authorization"));
      RecordedRequest refresh = fake.requests("POST /api/v1/auth/refresh").get(0);
      var body = ProtocolCodec.readTree(refresh.bodyText());
      assertEquals("rt-1", body.get("refreshToken").asText());
      assertFalse(body.get("signature").asText().isEmpty(), "signed by the device key");
      assertEquals(logins, fake.requests("POST /api/v1/auth/login").size(), "no password");
    }
  }

  @Test
  void aRefusedConnectionNeverReachedTheServerAndTheMessageSaysWhere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free again once closed: nothing listens there
    }
    Path dir = tmp.resolve("t");
    FakeTablet.enrolled(fake, dir, b -> b).close();
    try (FieldSync fs = FakeTablet.builder("http://127.0.0.1:" + port + "/", dir).build()) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals(SdkErrorCodes.TRANSPORT_UNAVAILABLE, e.code());
      assertFalse(e.mayHaveReachedServer(), "the connection never opened");
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
      assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }
  }

  @Test
  void aConnectionDroppedDuringThePushMayHaveReachedTheServer() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      fake.enqueue(PUSH, FakeResponse.dropped());
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals(SdkErrorCodes.TRANSPORT_UNAVAILABLE, e.code());
      assertTrue(e.mayHaveReachedServer());
      assertEquals(1, fs.status().pending(), "kept for the next push");
    }
  }

  @Test
  void aProxysHtmlErrorPageIsAServerProblemThatMayHaveReachedTheServer() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      fake.enqueue(PUSH, FakeResponse.text(502, "<html><body>Bad gateway</body></html>"));
      FieldSyncException e = assertThrows(FieldSyncException.class, fs::syncNow);
      assertEquals("server.unavailable", e.code());
      assertTrue(e.mayHaveReachedServer());
    }
  }

  @Test
  void networkAvailableEndsALongBackoffAndSyncsAtOnce() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"),
        b -> b.backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)))) {
      fs.visits().create("case-0001", KIDS, visit("Seen at home."));
      fake.enqueue(PUSH, FakeResponse.problem(503, "server.unavailable", "down"));
      fs.startSync();
      await("the failed push", () -> fake.requests(PUSH).size() == 1);
      await("backing off", () -> fs.status().phase() == SyncStatus.Phase.BACKING_OFF);
      fs.networkAvailable();
      await("the push after the hint, not after ten minutes",
          () -> fake.requests(PUSH).size() == 2 && fs.status().pending() == 0);
    }
  }

  @Test
  void theStatusSaysWhenTheLastErrorHappenedAndClearsItAfterASuccessfulPass() {
    Instant at = Instant.parse("2026-11-20T10:15:00Z");
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"),
        b -> b.clock(Clock.fixed(at, ZoneOffset.UTC)))) {
      fake.enqueue(CHANGES, FakeResponse.problem(503, "server.unavailable", "down"));
      assertThrows(FieldSyncException.class, fs::syncNow);
      SyncStatus failed = fs.status();
      assertNotNull(failed.lastError());
      assertEquals(at, failed.lastErrorAt());
      fs.syncNow();
      SyncStatus ok = fs.status();
      assertNull(ok.lastError());
      assertNull(ok.lastErrorAt());
      assertEquals(at, ok.lastSyncCompleted());
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      // Poll interval of a bounded wait on a condition; no outcome depends on timing.
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
