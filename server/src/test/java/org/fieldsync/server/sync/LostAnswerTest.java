package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push stored whose answer was lost, then an edit: the device still holds its revision as
 * pending and replaces it (same parent, PROTOCOL 10.2). Found by the simulation (seeds 39 and
 * 88): the replacement used to conflict with the very revision it replaced, setting the device
 * against itself in the sync admin's queue.
 */
class LostAnswerTest {
  private static final List<String> KIDS = List.of("child-0001");
  @TempDir Path tmp;
  private TestServer server;
  private Api api;
  private TestDevice alice;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp);
    api = new Api(server.port());
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The device's replacement of its pending revision: same parent, the edit on its body. */
  private static Revision replacement(Revision pending, String device, long clock,
      String notes) {
    return Revisions.next(pending.id(), RecordType.VISIT, pending.caseId(), pending.childIds(),
        pending.parentRev(), false, 1, pending.authorId(), device, new Hlc(clock, 0, device),
        ProtocolCodec.encodeBody(Revs.visit(pending.childIds(), notes)));
  }

  @Test
  void anEditAfterALostAnswerOnTheFirstPushIsAcceptedNotAConflictWithItself() {
    long t = System.currentTimeMillis();
    Revision first = Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", t, "Seen at home.");
    assertEquals("accepted", outcome(api.push(alice, first))); // ...and the answer is lost
    Revision again = replacement(first, "tab-a", t + 1, "Seen at home.\nFollow-up booked.");
    JsonNode o = api.push(alice, again);
    assertEquals("accepted", o.path("outcome").asText(), o.toString());
    assertEquals(again.rev(), o.path("currentRev").asText());
    assertEquals(0, openConflicts(first.id()));
    List<String> kept = server.store().read(tx -> tx.revisions().history(first.id()).stream()
        .map(h -> h.revision().rev() + " " + h.otherParents()).toList());
    assertEquals(List.of(first.rev() + " []", again.rev() + " [" + first.rev() + "]"), kept,
        "both kept; the replacement stands on the replaced revision");
  }

  @Test
  void anEditAfterALostAnswerMergesWithWhatOthersBuiltOnTheStoredRevision() {
    long t = System.currentTimeMillis();
    Revision first = Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", t, "Seen at home.");
    api.push(alice, first); // stored; the answer is lost
    TestDevice bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "tab-b");
    Revision beas = Revs.edit(first, "u-bea", "tab-b", t + 1, "Seen at home.\nBea: rang school.");
    assertEquals("accepted", outcome(api.push(bea, beas)));
    Revision again = replacement(first, "tab-a", t + 2, "Seen at home.\nFollow-up booked.");
    JsonNode o = api.push(alice, again);
    assertEquals("merged", o.path("outcome").asText(), o.toString());
    JsonNode body = o.at("/merged/body");
    String notes = (body.isTextual() ? ProtocolCodec.readTree(body.asText()) : body)
        .path("notes").asText();
    assertEquals("Seen at home.\nBea: rang school.\nFollow-up booked.", notes,
        "each addition once, the stored revision's text not repeated");
    assertEquals(0, openConflicts(first.id()));
  }

  @Test
  void anotherDevicesEditOfTheSameParentStillConflicts() {
    long t = System.currentTimeMillis();
    Revision first = Revs.newVisit("case-0001", KIDS, "u-alice", "tab-a", t, "Seen at home.");
    api.push(alice, first);
    TestDevice bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "tab-b");
    Revision a = Revs.editBody(first, "u-alice", "tab-a", t + 1, ProtocolCodec.encodeBody(
        withDuration(Revs.visit(KIDS, "Seen at home."), 45)));
    Revision b = Revs.editBody(first, "u-bea", "tab-b", t + 2, ProtocolCodec.encodeBody(
        withDuration(Revs.visit(KIDS, "Seen at home."), 60)));
    assertEquals("accepted", outcome(api.push(alice, a)));
    assertEquals("conflict", outcome(api.push(bea, b)), "two workers' durations still conflict");
  }

  /**
   * Found by the simulation (seed 2368 of the 10,000): the device's submission sealed the
   * child's words, its answer was lost, and a further revision on the draft (the same parent)
   * rewrote them. Standing on the submission, it was accepted and the words changed; it is
   * checked against what it stands on, so it is refused and the child's words are kept.
   */
  @Test
  void aReplacementOfALostSubmissionCannotRewriteTheChildsSealedWords() {
    long t = System.currentTimeMillis();
    Revision draft = observation(null, "tab-a", t, "I like it when Nan comes.",
        ChildVoiceObservation.Status.DRAFT);
    assertEquals("accepted", outcome(api.push(alice, draft)));
    Revision submitted = observation(draft, "tab-a", t + 1, "I like it when Nan comes.",
        ChildVoiceObservation.Status.SUBMITTED);
    assertEquals("accepted", outcome(api.push(alice, submitted))); // ...and the answer is lost
    Revision rewritten = observation(draft, "tab-a", t + 2, "Nan never comes.",
        ChildVoiceObservation.Status.SUBMITTED);
    JsonNode o = api.push(alice, rewritten);
    assertEquals("rejected", o.path("outcome").asText(), o.toString());
    String words = server.store().read(tx -> ProtocolCodec.readTree(tx.revisions()
        .revision(draft.id(), tx.revisions().current(draft.id()).orElseThrow().currentRev())
        .orElseThrow().body()).path("childWords").asText());
    assertEquals("I like it when Nan comes.", words, "the child's own words, as submitted");
  }

  private static Revision observation(Revision parent, String device, long clock,
      String words, ChildVoiceObservation.Status status) {
    ChildVoiceObservation c = new ChildVoiceObservation("child-0001", LocalDate.of(2026, 11, 30),
        words, "Smiled while drawing.", ChildVoiceObservation.Method.DRAWING, false, null, null,
        false, status, List.of(), List.of());
    return Revisions.next(parent == null ? UuidV7.generate() : parent.id(),
        RecordType.CHILD_VOICE_OBSERVATION, "case-0001", KIDS,
        parent == null ? null : parent.rev(), false, 1, "u-alice", device,
        new Hlc(clock, 0, device), ProtocolCodec.encodeBody(c));
  }

  private static Visit withDuration(Visit v, int minutes) {
    return new Visit(v.date(), v.startTime(), minutes, v.mode(),
        v.kind(), v.planned(), v.childrenSeen(), v.othersPresent(), v.homeConditions(),
        v.analysis(), v.actionsAgreed(), v.notes(), v.nextVisitDate());
  }

  private static String outcome(JsonNode push) {
    return push.path("outcome").asText();
  }

  private int openConflicts(String recordId) {
    return server.store().read(tx -> tx.conflicts().open(recordId).isPresent() ? 1 : 0);
  }
}
