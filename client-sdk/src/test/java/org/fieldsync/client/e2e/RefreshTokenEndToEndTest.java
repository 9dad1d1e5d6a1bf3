package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.TestClock;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server whose access tokens last two seconds, and real tablets: once enrolled, a tablet
 * gets each next token with its device-bound refresh token, across restarts, without asking for
 * the password again; signing out ends that; a revoked tablet refreshing is told to wipe.
 */
class RefreshTokenEndToEndTest {
  private static final int TOKEN_SECONDS = 2;
  @TempDir Path tmp;
  private TestServer server;
  /** The server's clock: a token runs out when the test moves it, not after a wait. */
  private final TestClock time = new TestClock(Instant.now());
  private RawClient raw;
  private final AtomicInteger passwordAsked = new AtomicInteger();
  /** Every refresh token the server handed out, read off the wire. */
  private final List<String> handedOut = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("server"),
        ServerConfig.builder().tokenTtlSeconds(TOKEN_SECONDS).build(), time);
    raw = new RawClient(server.baseUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private FieldSync tablet(Path dir) {
    Transport wire = new JdkTransport(Duration.ofSeconds(2), Duration.ofSeconds(10));
    Transport watched = new Transport() {
      @Override
      public Response send(Request request) throws IOException {
        Response r = wire.send(request);
        // A refresh folded into a sync request answers the next token in a header.
        String folded = r.headers().get("fieldsync-refresh-token");
        if (folded != null) {
          handedOut.add(folded);
        }
        if (r.status() == 200 && request.uri().getPath().startsWith("/api/v1/auth/")) {
          var rt = ProtocolCodec.readTree(new String(r.body(), StandardCharsets.UTF_8))
              .get("refreshToken");
          if (rt != null) {
            handedOut.add(rt.asText());
          }
        }
        return r;
      }

      @Override
      public PokeSocket openPokes(URI uri, String token, PokeListener l) throws IOException {
        return wire.openPokes(uri, token, l);
      }

      @Override
      public void close() {
        wire.close();
      }
    };
    return FieldSync.builder().serverUrl(server.baseUrl()).dataDir(dir)
        .credentials(() -> {
          passwordAsked.incrementAndGet();
          return new Credentials("fw.alice", Fixtures.PASSWORD);
        })
        .transport(watched)
        .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)).build();
  }

  @Test
  void anEnrolledTabletRefreshesWithoutThePasswordAcrossRestartsUntilSignOut() throws Exception {
    Path dir = tmp.resolve("a");
    try (FieldSync alice = tablet(dir)) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      assertEquals(1, passwordAsked.get(), "enrolment signs in once with the password");
      alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "Before the token ran out."));
      assertEquals(1, alice.syncNow().accepted());
      time.advance(Duration.ofMillis(TOKEN_SECONDS * 1000L + 600)); // the access token runs out
      alice.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "After it ran out."));
      assertEquals(1, alice.syncNow().accepted());
      assertEquals(1, passwordAsked.get(), "the refresh token got the next access token");
    }

    // The app restarts: the worker unlocks with the PIN, and sync needs no password.
    try (FieldSync again = tablet(dir)) {
      again.unlock(Fixtures.PIN.toCharArray());
      again.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "After a restart."));
      assertEquals(1, again.syncNow().accepted());
      assertEquals(1, passwordAsked.get(), "the kept refresh token survived the restart");
      assertTrue(handedOut.size() >= 3, "login, refresh, refresh: " + handedOut.size());
      String disk = Fixtures.allFiles(dir);
      for (String t : handedOut) {
        assertFalse(disk.contains(t), "a refresh token is on disk in plain form");
      }
      assertTrue(Files.exists(dir.resolve("refresh-token")), "kept, sealed, on the tablet");

      again.signOut();
      assertFalse(Files.exists(dir.resolve("refresh-token")), "signing out forgets it");
      again.visits().create("case-0001", List.of("child-0001"),
          Fixtures.visit(List.of("child-0001"), "After signing out."));
      assertEquals(1, again.syncNow().accepted());
      assertEquals(2, passwordAsked.get(), "after signing out the password is needed again");
    }
    String audit = server.store().read(tx -> tx.audit().entries(0, 1000).toString());
    assertTrue(audit.contains("action=login.refresh"), "refreshes are audited");
  }

  @Test
  void aRevokedTabletIsToldToWipeWhenItRefreshes() throws Exception {
    Path dir = tmp.resolve("a");
    FieldSync alice = tablet(dir);
    alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
    alice.syncNow();
    RawClient.Response revoked = raw.send("POST", "api/v1/admin/devices/" + alice.deviceId()
        + "/revoke", raw.token("admin.gus"), "{}");
    assertEquals(200, revoked.status(), revoked.body());
    time.advance(Duration.ofMillis(TOKEN_SECONDS * 1000L + 600)); // its next contact: a refresh
    FieldSyncException wiped = assertThrows(FieldSyncException.class, alice::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
    assertFalse(Files.exists(dir), "data, keys and refresh token are gone from the tablet");
    assertEquals(1, passwordAsked.get(), "the refusal came on the refresh, not a password");
    alice.close();
  }

}
