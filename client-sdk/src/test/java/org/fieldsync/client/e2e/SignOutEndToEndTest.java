package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.fieldsync.client.FieldSync;
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
          () -> server.store().read(tx -> tx.auditEntries(0, 1000).toString())
              .contains("action=logout"));
    }
  }
}
