package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.junit.jupiter.api.Test;

/**
 * A worker's day: records made with no signal reach the case record and the colleagues who hold
 * the case, and nobody else. Real server on a random port, real Couchbase Lite on each device.
 */
class OfflineCaptureEndToEndTest extends ServerBackedTest {

  @Test
  void workerRecordsOfflineThenSyncsToTimelineAndColleagueDevice() {
    Path aliceDir = tmp.resolve("alice");
    String visitId;
    String voiceId;
    String fnspId;
    String noteId;
    // Enrolled at the office (and the PIN set); then out to the families, with no signal.
    Fixtures.device(server.baseUrl(), aliceDir, "fw.alice").close();
    // Offline: nothing listens on the discard port, so every save is local only, and the PIN
    // unlocks the tablet without the server.
    try (FieldSync alice = Fixtures.unenrolled("http://127.0.0.1:9/", aliceDir, "fw.alice")) {
      assertTrue(alice.unlocked(), "unlocked offline with the PIN");
      LocalRecord<FamilyMeeting> meeting = alice.familyMeetings().create(CASE, KIDS,
          Fixtures.meeting());
      visitId = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Seen at home.")).id();
      voiceId = alice.childVoice().create(CASE, List.of("child-0001"),
          Fixtures.childVoice("child-0001")).id();
      fnspId = alice.fnspRequests().create(CASE, KIDS, Fixtures.fnsp(meeting.id())).id();
      noteId = alice.supervisionNotes().create(CASE, KIDS, Fixtures.supervision("u-erin")).id();
      assertEquals(5, alice.status().pending());
      FieldSyncException offline = assertThrows(FieldSyncException.class, alice::syncNow);
      assertEquals(SdkErrorCodes.TRANSPORT_UNAVAILABLE, offline.code());
      assertEquals(SyncState.PENDING, alice.visits().get(visitId).orElseThrow().state());
    }
    // Back in signal (and after an app restart): the durable outbox is still there.
    try (FieldSync alice = Fixtures.device(server.baseUrl(), aliceDir, "fw.alice")) {
      assertEquals(5, alice.status().pending());
      SyncResult r = alice.syncNow();
      assertEquals(5, r.pushed());
      assertEquals(5, r.accepted());
      assertEquals(0, alice.status().pending());
      assertEquals(SyncState.SYNCED, alice.visits().get(visitId).orElseThrow().state());
    }
    TimelineResponse timeline = raw.get("api/v1/cases/" + CASE + "/timeline",
        raw.token("sw.dan"), TimelineResponse.class);
    Set<String> onRecord = timeline.records().stream().map(c -> c.revision().id())
        .collect(Collectors.toSet());
    assertTrue(onRecord.containsAll(Set.of(visitId, voiceId, fnspId, noteId)), onRecord::toString);

    try (FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("bea"), "fw.bea")) {
      bea.syncNow();
      LocalRecord<Visit> v = bea.visits().get(visitId).orElseThrow();
      assertEquals("Seen at home.", v.body().notes());
      assertEquals(SyncState.SYNCED, v.state());
      assertEquals("I like it when Nan picks me up from school.",
          bea.childVoice().get(voiceId).orElseThrow().body().childWords());
      assertEquals(4_500L, bea.fnspRequests().get(fnspId).orElseThrow().body().amountPence());
      assertEquals(1, bea.supervisionNotes().byCase(CASE).size());
      assertEquals(List.of(visitId), bea.visits().byChild("child-0002").stream()
          .map(LocalRecord::id).toList());
    }
  }

  @Test
  void colleagueNotAllocatedNeverReceivesTheRecordsAndHerPushIsRejected() {
    String visitId;
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("alice"), "fw.alice")) {
      visitId = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Private.")).id();
      alice.syncNow();
    }
    try (FieldSync carl = Fixtures.device(server.baseUrl(), tmp.resolve("carl"), "fw.carl")) {
      carl.syncNow();
      assertTrue(carl.visits().get(visitId).isEmpty());
      assertTrue(carl.visits().byCase(CASE).isEmpty());
      String mine = carl.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Wrong case.")).id();
      SyncResult r = carl.syncNow();
      assertEquals(1, r.rejected());
      LocalRecord<Visit> kept = carl.visits().get(mine).orElseThrow();
      assertEquals(SyncState.NEEDS_ATTENTION, kept.state());
      assertEquals("scope.case.notAllocated", kept.attention().code());
      assertEquals("Wrong case.", kept.body().notes());
    }
    RawClient.Response timeline = raw.send("GET", "api/v1/cases/" + CASE + "/timeline",
        raw.token("fw.carl"), null);
    assertEquals(403, timeline.status());
    assertTrue(timeline.body().contains("scope.case.notAllocated"));
  }

  @Test
  void aRecordTheServerRefusesStaysAsNeedsAttentionAndSyncsOnceFixed() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("alice"), "fw.alice")) {
      // The tablet's list of children is out of date: child-0003 belongs to another family.
      List<String> stale = List.of("child-0003");
      String id = alice.visits().create(CASE, stale, Fixtures.visit(stale, "Stale child.")).id();
      assertEquals(1, alice.syncNow().rejected());
      LocalRecord<Visit> refused = alice.visits().get(id).orElseThrow();
      assertEquals(SyncState.NEEDS_ATTENTION, refused.state());
      assertEquals("record.invalid", refused.attention().code());
      assertEquals("record.childIds.notInCase", refused.attention().fieldErrors().get(0).code());
      assertEquals(1, alice.status().needsAttention());

      alice.visits().update(id, KIDS, Fixtures.visit(KIDS, "Stale child. Corrected."));
      assertEquals(SyncState.PENDING, alice.visits().get(id).orElseThrow().state());
      SyncResult r = alice.syncNow();
      assertEquals(1, r.accepted());
      LocalRecord<Visit> fixed = alice.visits().get(id).orElseThrow();
      assertEquals(SyncState.SYNCED, fixed.state());
      assertEquals(null, fixed.attention());
      assertEquals(0, alice.status().needsAttention());
    }
  }

  @Test
  void aSaveThatFailsValidationThrowsTheServersCodeAndStoresNothing() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("alice"), "fw.alice")) {
      FieldSyncException e = assertThrows(FieldSyncException.class,
          () -> alice.visits().create(CASE, KIDS, Fixtures.visit(List.of(), "No one seen.")));
      assertEquals("record.invalid", e.code());
      assertEquals("visit.childrenSeen.required", e.fieldErrors().get(0).code());
      assertFalse(e.mayHaveReachedServer());
      assertTrue(alice.visits().all().isEmpty());
      assertEquals(0, alice.status().pending());
    }
  }

  @Test
  void aDeletedRecordLeavesEveryTabletsQueriesButTheServerKeepsItsHistory() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("alice"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("bea"), "fw.bea")) {
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Entered twice."))
          .id();
      alice.syncNow();
      bea.syncNow();
      assertEquals(1, bea.visits().byCase(CASE).size());
      alice.visits().delete(id);
      assertTrue(alice.visits().byCase(CASE).isEmpty());
      alice.syncNow();
      bea.syncNow();
      assertTrue(bea.visits().byCase(CASE).isEmpty());
      assertTrue(bea.visits().get(id).isPresent(), "the tombstone is kept, not forgotten");
      assertEquals(2, (int) server.store().read(tx -> tx.revisionCount(id)));
    }
  }
}
