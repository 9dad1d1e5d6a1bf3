package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.junit.jupiter.api.Test;

/** Signing out ends the token on the server and keeps everything on the tablet. */
class SignOutEndToEndTest extends ServerBackedTest {

  @Test
  void signOutKeepsLocalWorkAndTheNextSyncSignsInAgain() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      alice.syncNow();
      alice.signOut();
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "After sign-out."))
          .id();
      assertTrue(alice.visits().get(id).isPresent(), "saving works signed out");
      assertEquals(1, alice.syncNow().accepted(), "the next sync signs in again");
      Fixtures.await("the logout in the audit trail", Duration.ofSeconds(5),
          () -> server.store().read(tx -> tx.audit().entries(0, 1000).toString())
              .contains("action=logout"));
    }
  }

  @Test
  void aGuesserFromTheSameAddressCannotSlowTheTabletsOwnSignIn() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync stranger = Fixtures.unenrolled(server.baseUrl(), tmp.resolve("s"),
            "fw.alice")) {
      alice.syncNow();
      alice.signOut(); // no refresh token left: the next sync signs in with the password
      RawClient guesser = new RawClient(server.baseUrl());
      int throttled = 0;
      for (int i = 0; i < 12 && throttled == 0; i++) {
        RawClient.Response r = guesser.send("POST", "api/v1/auth/login", null,
            "{\"username\":\"fw.alice\",\"password\":\"not-her-password\"}");
        throttled = r.status() == 429 ? 1 : 0;
      }
      assertEquals(1, throttled, "the guesser's own address and name are slowed");
      // The same right password, unsigned, from the same address waits with the guesser...
      FieldSyncException unsigned = assertThrows(FieldSyncException.class, stranger::syncNow);
      assertEquals("auth.rateLimited", unsigned.code());
      assertTrue(unsigned.retryAfter().isPresent(), "told how long to wait");
      // ...but the enrolled tablet signs its sign-in with its device key and is let in at once.
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Signed sign-in."))
          .id();
      assertEquals(1, alice.syncNow().accepted(), "the tablet's signed sign-in is not throttled");
      assertTrue(alice.visits().get(id).isPresent());
    }
  }
}
