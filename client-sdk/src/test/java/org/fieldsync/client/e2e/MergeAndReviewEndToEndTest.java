package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent edits from real devices through a real server: what merges, what goes to a sync
 * admin, what is refused, and how a resolution reaches every tablet. Names are invented.
 */
class MergeAndReviewEndToEndTest extends ServerBackedTest {

  @Test
  void supervisionNoteAttendeesAndNotesFromTwoWorkersMergeAndKeepEverything() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      List<RecordEvent> aliceEvents = new CopyOnWriteArrayList<>();
      List<RecordEvent> beaEvents = new CopyOnWriteArrayList<>();
      alice.addRecordListener(aliceEvents::addAll);
      bea.addRecordListener(beaEvents::addAll);
      SupervisionNote base = Fixtures.supervision("u-erin");
      String id = alice.supervisionNotes().create(CASE, KIDS, base).id();
      alice.syncNow();
      bea.syncNow();

      // Offline, each adds an attendee and appends to the analysis.
      alice.supervisionNotes().update(id, withAttendeeAndAnalysis(base,
          new SupervisionNote.Attendee("Morwenna Quick", "health visitor", "Dorset HealthCare"),
          base.analysis() + " School reports better attendance."));
      bea.supervisionNotes().update(id, withAttendeeAndAnalysis(base,
          new SupervisionNote.Attendee("Jory Vosper", "DA worker", "You Trust"),
          base.analysis() + "\nDA worker has no new concerns."));
      assertEquals(1, alice.syncNow().accepted());
      assertEquals(1, bea.syncNow().accepted(), "a clean merge counts as accepted");
      alice.syncNow();

      for (FieldSync device : List.of(alice, bea)) {
        LocalRecord<SupervisionNote> note = device.supervisionNotes().get(id).orElseThrow();
        assertEquals(SyncState.SYNCED, note.state());
        List<String> names = note.body().attendees().stream()
            .map(SupervisionNote.Attendee::name).toList();
        assertEquals(List.of("Erin Tregear", "Alice Penrose", "Morwenna Quick", "Jory Vosper"),
            names);
        assertEquals("Progress on routines. School reports better attendance."
            + "\nDA worker has no new concerns.", note.body().analysis());
      }
      assertEquals(alice.supervisionNotes().get(id).orElseThrow().rev(),
          bea.supervisionNotes().get(id).orElseThrow().rev(), "both hold the same merged rev");
      Fixtures.await("merge events", Duration.ofSeconds(5), () -> !aliceEvents.isEmpty()
          && !beaEvents.isEmpty());
      assertEquals(RecordEvent.Kind.MERGED, aliceEvents.get(0).kind());
      assertEquals(id, aliceEvents.get(0).recordId());
      assertEquals(RecordEvent.Kind.MERGED, beaEvents.get(0).kind());

      JsonNode history = json(raw.send("GET", "api/v1/records/" + id + "/history",
          raw.token("sw.dan"), null));
      List<String> outcomes = new ArrayList<>();
      history.get("revisions").forEach(r -> outcomes.add(r.get("outcome").asText()));
      assertEquals(List.of("accepted", "accepted", "merged", "merge"), outcomes);
      JsonNode merge = history.get("revisions").get(3);
      assertEquals(history.get("revisions").get(1).get("rev").asText(),
          merge.get("parentRev").asText(), "the merge descends from the winner");
      assertEquals(history.get("revisions").get(2).get("rev").asText(),
          merge.get("otherParents").get(0).asText(), "and from the pushed side");
    }
  }

  @Test
  void sealedChildWordsEditIsRefusedKeptAsNeedsAttentionAndBecomesAnAddendum() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      List<RecordEvent> events = new CopyOnWriteArrayList<>();
      alice.addRecordListener(events::addAll);
      ChildVoiceObservation submitted = Fixtures.childVoice("child-0001");
      String id = alice.childVoice().create(CASE, List.of("child-0001"), submitted).id();
      assertEquals(1, alice.syncNow().accepted());

      String rewritten = "I like it when Nan AND Grandad pick me up.";
      alice.childVoice().update(id, withWords(submitted, rewritten, List.of()));
      assertEquals(1, alice.syncNow().rejected());
      LocalRecord<ChildVoiceObservation> kept = alice.childVoice().get(id).orElseThrow();
      assertEquals(SyncState.NEEDS_ATTENTION, kept.state());
      assertEquals("record.sealed", kept.attention().code());
      assertEquals("childWords", kept.attention().fieldErrors().get(0).field());
      assertEquals(rewritten, kept.body().childWords(), "the worker's text is kept on the tablet");
      Fixtures.await("needs-attention event", Duration.ofSeconds(5), () -> !events.isEmpty());
      assertEquals(RecordEvent.Kind.NEEDS_ATTENTION, events.get(0).kind());

      // The worker turns the change into an addendum: the child's words stay as submitted.
      ChildVoiceObservation addendum = withWords(submitted, submitted.childWords(), List.of(
          new ChildVoiceObservation.Addendum("Later added: and Grandad too.", "u-alice",
              Instant.parse("2026-11-21T09:00:00Z"))));
      alice.childVoice().update(id, addendum);
      assertEquals(1, alice.syncNow().accepted());
      LocalRecord<ChildVoiceObservation> now = alice.childVoice().get(id).orElseThrow();
      assertEquals(SyncState.SYNCED, now.state());
      assertEquals(submitted.childWords(), now.body().childWords());
      assertEquals(1, now.body().addenda().size());
    }
  }

  @Test
  void threeDevicesEditingOneFieldMakeOneConflictWithThreeSides() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea");
        FieldSync dan = Fixtures.device(server.baseUrl(), tmp.resolve("d"), "sw.dan")) {
      Visit v = Fixtures.visit(KIDS, "Visit notes.");
      String id = alice.visits().create(CASE, KIDS, v).id();
      alice.syncNow();
      bea.syncNow();
      dan.syncNow();
      alice.visits().update(id, Fixtures.withMode(v, Visit.Mode.SCHOOL));
      bea.visits().update(id, Fixtures.withMode(v, Visit.Mode.OFFICE));
      dan.visits().update(id, Fixtures.withMode(v, Visit.Mode.VIDEO));
      assertEquals(1, alice.syncNow().accepted());
      assertEquals(1, bea.syncNow().conflicts());
      assertEquals(1, dan.syncNow().conflicts());

      String admin = raw.token("admin.gus");
      JsonNode list = json(raw.send("GET", "api/v1/admin/conflicts", admin, null));
      assertEquals(1, list.get("conflicts").size(), "one conflict, not one per side");
      JsonNode c = list.get("conflicts").get(0);
      assertEquals(3, c.get("sides").asInt());
      assertEquals("[\"mode\"]", c.get("fields").toString());
      JsonNode detail = json(raw.send("GET", "api/v1/admin/conflicts/" + c.get("id").asText(),
          admin, null));
      assertEquals(3, detail.get("sides").size());
      JsonNode mode = field(detail, "mode");
      assertTrue(mode.get("conflicting").asBoolean());
      assertEquals("home_visit", mode.get("base").asText());
      List<String> values = new ArrayList<>();
      mode.get("values").forEach(n -> values.add(n.asText()));
      assertEquals(3, values.size());
      assertTrue(values.containsAll(List.of("school", "office", "video")));
      assertFalse(field(detail, "notes").get("conflicting").asBoolean());

      LocalRecord<Visit> onDan = dan.visits().get(id).orElseThrow();
      assertEquals(SyncState.UNDER_REVIEW, onDan.state());
      assertEquals("sync.conflict", onDan.attention().code());
      assertEquals("mode", onDan.attention().fieldErrors().get(0).field(),
          "the device is told which field is under review");
      alice.syncNow();
      LocalRecord<Visit> onAlice = alice.visits().get(id).orElseThrow();
      assertEquals(SyncState.UNDER_REVIEW, onAlice.state(), "the first writer learns on pull");
      assertEquals("mode", onAlice.attention().fieldErrors().get(0).field());
    }
  }

  @Test
  void editUnderReviewJoinsTheConflictAndTheResolutionReachesEveryDevice() throws Exception {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      List<RecordEvent> aliceEvents = new CopyOnWriteArrayList<>();
      alice.addRecordListener(aliceEvents::addAll);
      Visit v = Fixtures.visit(KIDS, "Visit notes.");
      String id = Fixtures.modeConflict(alice, bea);
      assertEquals(SyncState.UNDER_REVIEW, alice.visits().get(id).orElseThrow().state());

      // Alice adds to her notes while the record is under review: not lost, one more side.
      alice.visits().update(id, Fixtures.withNotes(Fixtures.withMode(v, Visit.Mode.SCHOOL),
          "Visit notes. Alice: rang school after."));
      assertEquals(1, alice.syncNow().conflicts());
      String admin = raw.token("admin.gus");
      JsonNode c = json(raw.send("GET", "api/v1/admin/conflicts", admin, null))
          .get("conflicts").get(0);
      assertEquals(3, c.get("sides").asInt());
      String conflictId = c.get("id").asText();
      JsonNode detail = json(raw.send("GET", "api/v1/admin/conflicts/" + conflictId, admin,
          null));
      String aliceLatest = null;
      for (JsonNode s : detail.get("sides")) {
        aliceLatest = s.get("rev").asText(); // sides come in HLC order: Alice's edit is last
      }

      // Two admins resolve at once: one wins, the other gets a clear 409.
      String admin2 = raw.token("admin.gus");
      String body = "{\"reason\":\"Confirmed with both workers: the visit was at school.\","
          + "\"choices\":{\"mode\":{\"side\":\"" + aliceLatest + "\"},"
          + "\"notes\":{\"side\":\"" + aliceLatest + "\"}}}";
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RawClient.Response>> answers = new ArrayList<>();
      for (String token : List.of(admin, admin2)) {
        answers.add(pool.submit(() -> {
          go.await();
          return raw.send("POST", "api/v1/admin/conflicts/" + conflictId + "/resolve", token,
              body);
        }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<RawClient.Response> f : answers) {
        RawClient.Response r = f.get();
        statuses.add(r.status());
        if (r.status() == 409) {
          assertEquals("conflict.alreadyResolved", json(r).get("code").asText());
        }
      }
      pool.shutdown();
      statuses.sort(Integer::compare);
      assertEquals(List.of(200, 409), statuses);

      alice.syncNow();
      bea.syncNow();
      for (FieldSync device : List.of(alice, bea)) {
        LocalRecord<Visit> r = device.visits().get(id).orElseThrow();
        assertEquals(SyncState.SYNCED, r.state());
        assertEquals(Visit.Mode.SCHOOL, r.body().mode());
        assertEquals("Visit notes. Alice: rang school after.", r.body().notes());
      }
      Fixtures.await("resolution event", Duration.ofSeconds(5), () -> aliceEvents.stream()
          .anyMatch(e -> e.kind() == RecordEvent.Kind.RESOLVED));
      RecordEvent resolved = aliceEvents.stream()
          .filter(e -> e.kind() == RecordEvent.Kind.RESOLVED).findFirst().orElseThrow();
      assertEquals("Confirmed with both workers: the visit was at school.", resolved.note());
      JsonNode after = json(raw.send("GET", "api/v1/admin/conflicts/" + conflictId, admin, null));
      assertEquals("resolved", after.get("status").asText());
      assertNotNull(after.get("resolution").get("rev").asText());
      assertEquals(0, json(raw.send("GET", "api/v1/admin/conflicts", admin, null))
          .get("conflicts").size(), "the open queue is empty");
    }
  }

  @Test
  void resolvingNeedsAReasonAndAChoiceForEveryConflictingField() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String id = Fixtures.modeConflict(alice, bea);
      String admin = raw.token("admin.gus");
      String cid = json(raw.send("GET", "api/v1/admin/conflicts", admin, null))
          .get("conflicts").get(0).get("id").asText();
      String path = "api/v1/admin/conflicts/" + cid + "/resolve";
      RawClient.Response noReason = raw.send("POST", path, admin,
          "{\"choices\":{\"mode\":{\"value\":\"school\"}}}");
      assertEquals(400, noReason.status());
      assertEquals("conflict.reason.required", json(noReason).get("code").asText());
      RawClient.Response noChoice = raw.send("POST", path, admin, "{\"reason\":\"checked\"}");
      assertEquals(400, noChoice.status());
      assertEquals("conflict.choice.missing", json(noChoice).get("code").asText());
      RawClient.Response invalid = raw.send("POST", path, admin,
          "{\"reason\":\"checked\",\"choices\":{\"mode\":{\"value\":\"by pigeon\"}}}");
      assertEquals(422, invalid.status(), invalid.body());
      RawClient.Response worker = raw.send("POST", path, raw.token("fw.alice"),
          "{\"reason\":\"mine\",\"choices\":{\"mode\":{\"value\":\"school\"}}}");
      assertEquals(403, worker.status());
      assertEquals("open", json(raw.send("GET", "api/v1/admin/conflicts/" + cid, admin, null))
          .get("status").asText(), "nothing was resolved by the refused attempts");
      RawClient.Response edited = raw.send("POST", path, admin,
          "{\"reason\":\"Diary says video call.\",\"choices\":{\"mode\":{\"value\":\"video\"}}}");
      assertEquals(200, edited.status(), edited.body());
      alice.syncNow();
      assertEquals(Visit.Mode.VIDEO, alice.visits().get(id).orElseThrow().body().mode());
    }
  }

  @Test
  void signedOffDecisionsAreSealedButTheAnalysisStillGrows() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      SupervisionNote note = Fixtures.supervision("u-erin");
      String id = alice.supervisionNotes().create(CASE, KIDS, note).id();
      alice.syncNow();
      bea.syncNow();
      // Bea changes the decisions offline, before she hears of the sign-off.
      bea.supervisionNotes().update(id, withDecisions(note, "Step down to early help."));

      RawClient.Response notLeader = raw.send("POST", "api/v1/records/" + id + "/sign-off",
          raw.token("fw.alice"), null);
      assertEquals(403, notLeader.status());
      RawClient.Response signed = raw.send("POST", "api/v1/records/" + id + "/sign-off",
          raw.token("tm.erin"), null);
      assertEquals(200, signed.status(), signed.body());
      assertEquals("signoff.already", json(raw.send("POST", "api/v1/records/" + id
          + "/sign-off", raw.token("tm.erin"), null)).get("code").asText());

      alice.syncNow();
      LocalRecord<SupervisionNote> onAlice = alice.supervisionNotes().get(id).orElseThrow();
      assertEquals("u-erin", onAlice.body().signedOffBy());
      alice.supervisionNotes().update(id, withDecisions(onAlice.body(), "Close the case."));
      assertEquals(1, alice.syncNow().rejected());
      LocalRecord<SupervisionNote> refused = alice.supervisionNotes().get(id).orElseThrow();
      assertEquals(SyncState.NEEDS_ATTENTION, refused.state());
      assertEquals("record.sealed", refused.attention().code());
      assertEquals("Close the case.", refused.body().decisions(), "kept for the worker");

      SupervisionNote grown = withAttendeeAndAnalysis(onAlice.body(),
          new SupervisionNote.Attendee("Kerensa Hext", "school nurse", "Dorset HealthCare"),
          onAlice.body().analysis() + " Nurse joined late.");
      alice.supervisionNotes().update(id, grown);
      assertEquals(1, alice.syncNow().accepted(), "what is not sealed still changes");

      // Bea's offline change to the decisions meets the sign-off: a conflict, not a merge.
      assertEquals(1, bea.syncNow().conflicts());
      JsonNode c = json(raw.send("GET", "api/v1/admin/conflicts", raw.token("admin.gus"), null))
          .get("conflicts").get(0);
      assertEquals("[\"decisions\"]", c.get("fields").toString());
    }
  }

  private static SupervisionNote withDecisions(SupervisionNote n, String decisions) {
    return new SupervisionNote(n.kind(), n.date(), n.ledBy(), n.attendees(), n.analysis(),
        decisions, n.actions(), n.signedOffBy(), n.signedOffAt());
  }

  private static JsonNode field(JsonNode detail, String name) {
    for (JsonNode f : detail.get("fields")) {
      if (f.get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no field " + name);
  }

  static JsonNode json(RawClient.Response r) {
    return ProtocolCodec.decode(r.body(), JsonNode.class);
  }

  private static SupervisionNote withAttendeeAndAnalysis(SupervisionNote n,
      SupervisionNote.Attendee extra, String analysis) {
    List<SupervisionNote.Attendee> attendees = new ArrayList<>(n.attendees());
    attendees.add(extra);
    return new SupervisionNote(n.kind(), n.date(), n.ledBy(), attendees, analysis, n.decisions(),
        n.actions(), n.signedOffBy(), n.signedOffAt());
  }

  private static ChildVoiceObservation withWords(ChildVoiceObservation o, String words,
      List<ChildVoiceObservation.Addendum> addenda) {
    return new ChildVoiceObservation(o.childId(), o.date(), words, o.workerObservation(),
        o.method(), o.advocatePresent(), o.languageNeeds(), o.identityNotes(),
        o.fedBackToChild(), o.status(), addenda, o.attachments());
  }
}
