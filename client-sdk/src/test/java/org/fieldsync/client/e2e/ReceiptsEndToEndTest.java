package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncReceipt;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/** Signed sync receipts: proof on the tablet of when each change reached the case record. */
class ReceiptsEndToEndTest extends ServerBackedTest {

  @Test
  void everyStoredChangeGetsAVerifiedReceiptAndUnsentWorkIsListed() throws Exception {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      Visit v = Fixtures.visit(KIDS, "Visit notes.");
      String id = alice.visits().create(CASE, KIDS, v).id();
      assertEquals(List.of(id), alice.notYetReceived(), "offline: the visit has not left");
      assertTrue(alice.receipts(id).isEmpty());
      Instant before = Instant.now().minusSeconds(1);
      alice.syncNow();
      assertTrue(alice.notYetReceived().isEmpty());
      List<SyncReceipt> r = alice.receipts(id);
      assertEquals(1, r.size());
      assertEquals("accepted", r.get(0).outcome());
      assertEquals(alice.visits().get(id).orElseThrow().rev(), r.get(0).rev());
      assertTrue(r.get(0).verified(), "signed by the server's pinned key");
      assertTrue(r.get(0).seq() > 0);
      assertTrue(!r.get(0).receivedAt().isBefore(before)
          && !r.get(0).receivedAt().isAfter(Instant.now()));

      // A conflict side is stored too, so it has a receipt.
      bea.syncNow();
      alice.visits().update(id, Fixtures.withMode(v, Visit.Mode.SCHOOL));
      bea.visits().update(id, Fixtures.withMode(v, Visit.Mode.PHONE));
      alice.syncNow();
      bea.syncNow();
      List<SyncReceipt> onBea = bea.receipts(id);
      assertEquals(1, onBea.size(), "Bea received the first version; her edit has the receipt");
      assertEquals("conflict", onBea.get(0).outcome());
      assertTrue(onBea.get(0).verified());
    }
  }

  @Test
  void aServerWithAnotherKeyCannotIssueReceiptsThisTabletTrusts() throws Exception {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      String first = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "One.")).id();
      alice.syncNow();
      assertTrue(alice.receipts(first).get(0).verified());
      // The server's signing key is replaced (a different server answering at this address).
      server.stop();
      Files.delete(server.dataDir().resolve("server-signing.key"));
      server.start();
      String second = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Two.")).id();
      Fixtures.await("sync after restart", Duration.ofSeconds(10), () -> {
        try {
          alice.syncNow();
          return true;
        } catch (RuntimeException e) {
          return false;
        }
      });
      List<SyncReceipt> r = alice.receipts(second);
      assertEquals(1, r.size(), "the receipt is kept as evidence");
      assertFalse(r.get(0).verified(), "but it does not verify against the pinned key");
      assertTrue(alice.receipts(first).get(0).verified());
    }
  }
}
