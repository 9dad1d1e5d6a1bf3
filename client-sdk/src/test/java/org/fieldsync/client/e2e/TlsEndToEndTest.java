package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncBuilder;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.DevCertificate;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with the server's self-signed development certificate (made with Bouncy Castle), and a
 * tablet that trusts it only by its pinned public key.
 */
class TlsEndToEndTest {
  @TempDir Path tmp;
  private TestServer server;
  private String pin;

  @BeforeEach
  void start() throws Exception {
    server = TestServer.start(tmp.resolve("server"),
        ServerConfig.builder().tlsSelfSigned(true).build());
    pin = DevCertificate.publicKeyPin(server.dataDir().resolve(DevCertificate.CERT_FILE));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FieldSync device(String name, String pinned) {
    FieldSyncBuilder b = FieldSync.builder().serverUrl(server.baseUrl())
        .dataDir(tmp.resolve(name))
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD))
        .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20));
    if (pinned != null) {
      b.pinnedPublicKey(pinned);
    }
    FieldSync fs = b.build();
    if (pinned != null && pinned.equals(pin)) {
      String code = server.store().write(tx -> DeviceRegistry.issueCode(tx, "u-alice", "u-gus",
          System.currentTimeMillis(), 60_000));
      fs.enrol(code, "TLS tablet"); // enrolment itself goes over the pinned connection
    }
    return fs;
  }

  @Test
  void aPinnedTabletSyncsOverHttpsIncludingPokes() throws Exception {
    assertTrue(server.baseUrl().startsWith("https://"));
    try (FieldSync alice = device("a", pin)) {
      String id = alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Over TLS.")).id();
      assertEquals(1, alice.syncNow().accepted());
      assertTrue(alice.receipts(id).get(0).verified());
      alice.startSync(); // the poke socket is wss:// with the same pin
      Fixtures.await("background sync idle", Duration.ofSeconds(10),
          () -> alice.status().lastSyncCompleted() != null && alice.status().lastError() == null);
    }
  }

  @Test
  void anUnpinnedOrWronglyPinnedTabletRefusesTheServerAndKeepsItsWork() {
    // Enrolled while pinned to the real server; later something else answers at its address
    // (simulated by a tablet without the pin, or with another pin).
    device("d", pin).close();
    for (String pinned : new String[] {null, "sha256/" + "A".repeat(43) + "="}) {
      try (FieldSync d = device("d", pinned)) {
        String id = d.visits().create("case-0001", List.of("child-0001"),
            Fixtures.visit(List.of("child-0001"), "Kept.")).id();
        FieldSyncException e = assertThrows(FieldSyncException.class, d::syncNow);
        assertEquals(SdkErrorCodes.TRANSPORT_UNTRUSTED, e.code(), e.getMessage());
        assertTrue(d.notYetReceived().contains(id), "nothing lost, nothing sent");
      }
    }
  }

  @Test
  void plainHttpToAnotherMachineIsRefusedUpFront() {
    FieldSyncException e = assertThrows(FieldSyncException.class, () -> FieldSync.builder()
        .serverUrl("http://fieldsync.example.org/").dataDir(tmp.resolve("x"))
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD)).build());
    assertEquals(SdkErrorCodes.TRANSPORT_INSECURE, e.code());
  }
}
