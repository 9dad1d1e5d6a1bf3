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
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
    return FieldSync.builder().serverUrl(server.baseUrl()).dataDir(dir)
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD))
        .pin(pin.toCharArray()).pinCost(1024, 1).maxPinAttempts(attempts)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).build();
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
    // Offline past the lease: even the right PIN opens nothing.
    server.stop();
    sleepPast(LEASE_SECONDS);
    try (FieldSync alice = open(dir, Fixtures.PIN, 5)) {
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
    try (FieldSync alice = open(dir, Fixtures.PIN, 5)) {
      assertFalse(alice.unlocked(), "a lost tablet does not open, even connected");
      FieldSyncException e = assertThrows(FieldSyncException.class,
          () -> alice.unlock(Fixtures.PIN.toCharArray()));
      assertEquals("vault.leaseExpired", e.code());
      assertTrue(e.getMessage().contains("lost"), e.getMessage());
    }
  }

  @Test
  void tooManyWrongPinsDestroyTheKeys() {
    Path dir = tmp.resolve("a");
    Fixtures.device(server.baseUrl(), dir, "fw.alice").close();
    try (FieldSync alice = open(dir, "0000", 3)) {
      assertFalse(alice.unlocked());
      assertEquals("vault.pinWrong", assertThrows(FieldSyncException.class,
          () -> alice.unlock("1111".toCharArray())).code());
      assertEquals("vault.lockedOut", assertThrows(FieldSyncException.class,
          () -> alice.unlock("2222".toCharArray())).code(), "the third wrong PIN");
      assertEquals("vault.lockedOut", assertThrows(FieldSyncException.class,
          () -> alice.unlock(Fixtures.PIN.toCharArray())).code(), "even the right PIN now");
    }
  }

  private static void sleepPast(long seconds) {
    long until = System.currentTimeMillis() + seconds * 1000 + 300;
    Fixtures.await("the lease to lapse", Duration.ofSeconds(seconds + 5),
        () -> System.currentTimeMillis() > until);
  }

}
