package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncBuilder;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tablet at rest: record text is encrypted on disk; the PIN opens it offline only while the
 * server's lease lasts; a tablet reported lost stays unreadable; too many wrong PINs destroy the
 * keys. A real server with a three-second lease, and real Couchbase Lite files.
 */
class TabletAtRestEndToEndTest {
  private static final long LEASE_SECONDS = 3;
  @TempDir Path tmp;
  private TestServer server;
  private RawClient raw;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("server"),
        ServerConfig.builder().leaseSeconds(LEASE_SECONDS).build());
    raw = new RawClient(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FieldSync open(Path dir, String pin, int attempts) {
    return builder(dir, attempts).pin(pin.toCharArray()).build();
  }

  /** Built without a PIN: locked until {@code unlock}. */
  private FieldSync openLocked(Path dir, int attempts) {
    return builder(dir, attempts).build();
  }

  private FieldSyncBuilder builder(Path dir, int attempts) {
    return FieldSync.builder().serverUrl(server.baseUrl()).dataDir(dir)
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD))
        .pinCost(1024, 1).maxPinAttempts(attempts)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @Test
  void recordTextNeverReachesTheDatabaseFiles() throws Exception {
    String marker = "Marker-" + UUID.randomUUID();
    Path dir = tmp.resolve("a");
    try (FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice")) {
      alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Notes " + marker));
      alice.syncNow();
      alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Unpushed " + marker));
    }
    String everything = Fixtures.allFiles(dir);
    assertTrue(everything.contains("case-0001"), "the scan reads the database files");
    assertFalse(everything.contains(marker), "record text on disk in plain form");
  }

  @Test
  void lostTabletScenario() throws Exception {
    Path dir = tmp.resolve("a");
    String id;
    String deviceId;
    try (FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice")) {
      id = alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Seen at home.")).id();
      alice.syncNow();
      deviceId = alice.deviceId();
    }
    // Offline past the lease: even the right PIN opens nothing, and build() says why.
    server.stop();
    sleepPast(LEASE_SECONDS);
    FieldSyncException expired = assertThrows(FieldSyncException.class,
        () -> open(dir, Fixtures.PIN, 5));
    assertEquals("vault.leaseExpired", expired.code());
    try (FieldSync alice = openLocked(dir, 5)) {
      assertFalse(alice.unlocked());
      FieldSyncException e = assertThrows(FieldSyncException.class,
          () -> alice.unlock(Fixtures.PIN.toCharArray()));
      assertEquals("vault.leaseExpired", e.code());
      FieldSyncException locked = assertThrows(FieldSyncException.class,
          () -> alice.visits().get(id));
      assertEquals("vault.locked", locked.code());
    }
    // Back in signal: the server renews the lease and the PIN opens the data again.
    server.start();
    try (FieldSync alice = open(dir, Fixtures.PIN, 5)) {
      assertTrue(alice.unlocked(), "renewed on reconnection");
      assertTrue(alice.visits().get(id).isPresent());
    }
    // Reported lost: the lease is never renewed, so once it lapses the data stays shut.
    assertEquals(200, raw.send("POST", "api/v1/admin/devices/" + deviceId + "/lost",
        raw.token("admin.gus"), null).status());
    sleepPast(LEASE_SECONDS);
    FieldSyncException lost = assertThrows(FieldSyncException.class,
        () -> open(dir, Fixtures.PIN, 5), "a lost tablet does not open, even connected");
    assertEquals("vault.leaseExpired", lost.code());
    assertTrue(lost.getMessage().contains("lost"), lost.getMessage());
  }

  @Test
  void tooManyWrongPinsDestroyTheKeys() {
    Path dir = tmp.resolve("a");
    Fixtures.device(server.baseUrl(), dir, "fw.alice").close();
    assertEquals("vault.pinWrong", assertThrows(FieldSyncException.class,
        () -> open(dir, "0000", 3)).code(), "the first wrong PIN, given to the builder");
    try (FieldSync alice = openLocked(dir, 3)) {
      assertFalse(alice.unlocked());
      assertEquals("vault.pinWrong", assertThrows(FieldSyncException.class,
          () -> alice.unlock("1111".toCharArray())).code());
      assertEquals("vault.lockedOut", assertThrows(FieldSyncException.class,
          () -> alice.unlock("2222".toCharArray())).code(), "the third wrong PIN");
      assertEquals("vault.lockedOut", assertThrows(FieldSyncException.class,
          () -> alice.unlock(Fixtures.PIN.toCharArray())).code(), "even the right PIN now");
    }
  }

  @Test
  void buildWithAWrongPinReportsTheAttemptItUsedAndLeavesNothingOpen() {
    Path dir = tmp.resolve("a");
    Fixtures.device(server.baseUrl(), dir, "fw.alice").close();
    FieldSyncException first = assertThrows(FieldSyncException.class,
        () -> open(dir, "0000", 5));
    assertEquals("vault.pinWrong", first.code());
    assertTrue(first.getMessage().contains("4 tries left"), first.getMessage());
    try (FieldSync alice = openLocked(dir, 5)) { // the folder was released by the failed build
      FieldSyncException second = assertThrows(FieldSyncException.class,
          () -> alice.unlock("1111".toCharArray()));
      assertTrue(second.getMessage().contains("3 tries left"), "no attempt spent silently: "
          + second.getMessage());
      alice.unlock(Fixtures.PIN.toCharArray());
      assertTrue(alice.unlocked());
    }
  }

  @Test
  void aLockedTabletNeverReadsAsEmpty() {
    Path dir = tmp.resolve("a");
    try (FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice")) {
      alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Seen at home."));
    }
    try (FieldSync alice = openLocked(dir, 5)) {
      for (var call : List.<Executable>of(
          () -> alice.visits().byCase("case-0001"),
          () -> alice.visits().all(),
          () -> alice.childVoice().byChild("child-0001"),
          () -> alice.familyMeetings().get("0190aaaa-0000-7000-8000-000000000000"),
          () -> alice.visits().create("case-0001", List.of("child-0001"),
              Fixtures.visit(List.of("child-0001"), "Written while locked.")),
          () -> alice.attachments().add("image/png", "drawing", new byte[] {1}),
          alice::notYetReceived)) {
        assertEquals("vault.locked", assertThrows(FieldSyncException.class, call).code());
      }
      assertEquals(1, alice.status().pending(), "the counts need no key and stay true");
    }
  }

  private static void sleepPast(long seconds) {
    long until = System.currentTimeMillis() + seconds * 1000 + 300;
    Fixtures.await("the lease to lapse", Duration.ofSeconds(seconds + 5),
        () -> System.currentTimeMillis() > until);
  }

}
