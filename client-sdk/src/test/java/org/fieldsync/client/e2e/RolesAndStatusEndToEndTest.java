package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.ListenerToken;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/** Roles beyond family workers, status listeners, and a token that stops being valid. */
class RolesAndStatusEndToEndTest extends ServerBackedTest {

  static FamilyFeedback anonymousFeedback() {
    return new FamilyFeedback(LocalDate.of(2026, 11, 21), FamilyFeedback.GivenBy.YOUNG_PERSON,
        FamilyFeedback.Channel.EVENT, FamilyFeedback.Answer.YES, FamilyFeedback.Answer.PARTLY,
        FamilyFeedback.Answer.YES, FamilyFeedback.Answer.YES, "I can talk to someone now.", null,
        true, true, "Purbeck");
  }

  @Test
  void engagementOfficerRecordsAnonymousFeedbackButNoCaseContent() {
    try (FieldSync faye = Fixtures.device(server.baseUrl(), tmp.resolve("f"), "eo.faye")) {
      String fb = faye.familyFeedback().create(null, List.of(), anonymousFeedback()).id();
      String visit = faye.visits().create("case-0001", KIDS, Fixtures.visit(KIDS, "Not mine."))
          .id();
      var r = faye.syncNow();
      assertEquals(1, r.accepted());
      assertEquals(1, r.rejected());
      assertEquals(SyncState.SYNCED, faye.familyFeedback().get(fb).orElseThrow().state());
      LocalRecord<Visit> refused = faye.visits().get(visit).orElseThrow();
      assertEquals(SyncState.NEEDS_ATTENTION, refused.state());
      assertEquals("scope.role.forbidden", refused.attention().code());
    }
  }

  @Test
  void statusListenersSeeEveryChangeUntilTheirTokenIsClosed() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      ConcurrentLinkedQueue<SyncStatus> first = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<SyncStatus> second = new ConcurrentLinkedQueue<>();
      ListenerToken token = alice.addStatusListener(first::add);
      alice.visits().create("case-0001", KIDS, Fixtures.visit(KIDS, "One."));
      alice.visits().create("case-0001", KIDS, Fixtures.visit(KIDS, "Two."));
      Fixtures.await("pending 2", Duration.ofSeconds(10),
          () -> first.stream().anyMatch(s -> s.pending() == 2));
      alice.syncNow();
      Fixtures.await("a completed sync", Duration.ofSeconds(10), () -> first.stream().anyMatch(
          s -> s.pending() == 0 && s.pushed() == 2 && s.lastSyncCompleted() != null
              && s.lastError() == null && s.phase() == SyncStatus.Phase.IDLE));
      token.close();
      token.close(); // harmless
      alice.addStatusListener(Runnable::run, second::add);
      alice.visits().create("case-0001", KIDS, Fixtures.visit(KIDS, "Three."));
      Fixtures.await("the second listener", Duration.ofSeconds(10),
          () -> second.stream().anyMatch(s -> s.pending() == 1 && s.pushed() == 2));
      // Only a status after the sync has both one pending record and two pushed.
      assertTrue(first.stream().noneMatch(s -> s.pending() == 1 && s.pushed() == 2),
          "a closed listener hears nothing more");
    }
  }

  @Test
  void aTokenTheServerNoLongerAcceptsIsRenewedWithoutTheAppNoticing() throws Exception {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      alice.syncNow();
      // Rotate the server's token secret: every token issued so far is now invalid.
      server.stop();
      Files.delete(server.dataDir().resolve("token-secret"));
      server.start();
      alice.visits().create("case-0001", KIDS, Fixtures.visit(KIDS, "After rotation."));
      var r = alice.syncNow();
      assertEquals(1, r.accepted());
      assertTrue(r.roundTrips() >= 3, "refused, signed in again, retried: " + r.roundTrips());
    }
  }
}
