package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.junit.jupiter.api.Test;

/**
 * An FNSP request from a real tablet through a manager's decision and back: the worker submits,
 * the manager above the amount's level approves, the tablet sees the decision and records the
 * delivery; a tablet that tries to approve its own request is refused and keeps its words.
 */
class FnspDecisionEndToEndTest extends ServerBackedTest {

  @Test
  void submittedApprovedUpALevelThenDelivered() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      LocalRecord<FamilyMeeting> meeting = alice.familyMeetings().create(CASE, KIDS,
          Fixtures.meeting());
      FnspRequest asked = withAmount(Fixtures.fnsp(meeting.id()), 60_000L);
      String id = alice.fnspRequests().create(CASE, KIDS, asked).id();
      assertEquals(2, alice.syncNow().accepted());

      String body = "{\"decision\":\"approved\",\"note\":\"Agreed at the network meeting.\"}";
      RawClient.Response erin = raw.send("POST", "api/v1/records/" + id + "/decision",
          raw.token("tm.erin"), body);
      assertEquals(403, erin.status(), "£600 is above a team manager's £250");
      RawClient.Response jude = raw.send("POST", "api/v1/records/" + id + "/decision",
          raw.token("sm.jude"), body);
      assertEquals(200, jude.status(), jude.body());

      alice.syncNow();
      FnspRequest decided = alice.fnspRequests().get(id).orElseThrow().body();
      assertEquals(FnspRequest.Status.APPROVED, decided.status());
      assertEquals("u-jude", decided.decidedBy());
      assertEquals("Agreed at the network meeting.", decided.decisionNote());

      alice.fnspRequests().update(id, withStatus(decided, FnspRequest.Status.DELIVERED));
      assertEquals(1, alice.syncNow().accepted(), "the worker records the delivery");
      assertEquals(FnspRequest.Status.DELIVERED, server.store().read(tx -> ProtocolCodec
          .decodeBody(tx.revision(id, tx.record(id).orElseThrow()
              .currentRev()).orElseThrow().body(), FnspRequest.class)).status());
    }
  }

  @Test
  void aTabletCannotApproveItsOwnRequest() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      LocalRecord<FamilyMeeting> meeting = alice.familyMeetings().create(CASE, KIDS,
          Fixtures.meeting());
      String id = alice.fnspRequests().create(CASE, KIDS, Fixtures.fnsp(meeting.id())).id();
      alice.syncNow();
      FnspRequest mine = alice.fnspRequests().get(id).orElseThrow().body();
      alice.fnspRequests().update(id, withStatus(mine, FnspRequest.Status.APPROVED));
      var result = alice.syncNow();
      assertEquals(1, result.rejected(), "the server refuses a device's approval");
      LocalRecord<FnspRequest> kept = alice.fnspRequests().get(id).orElseThrow();
      assertEquals(FnspRequest.Status.APPROVED, kept.body().status(),
          "the tablet keeps what the worker did, flagged for attention");
      assertEquals("record.serverOwned", kept.attention().code());
      assertNull(server.store().read(tx -> ProtocolCodec.decodeBody(
          tx.revision(id, tx.record(id).orElseThrow().currentRev()).orElseThrow().body(),
          FnspRequest.class)).decidedBy(), "nothing was approved on the server");
    }
  }

  private static FnspRequest withAmount(FnspRequest f, long pence) {
    return new FnspRequest(f.meetingId(), f.goalId(), f.description(), f.category(), pence,
        f.beneficiary(), f.deliveringOrganisation(), f.status(), f.decidedBy(), f.decidedAt(),
        f.decisionNote());
  }

  private static FnspRequest withStatus(FnspRequest f, FnspRequest.Status s) {
    return new FnspRequest(f.meetingId(), f.goalId(), f.description(), f.category(),
        f.amountPence(), f.beneficiary(), f.deliveringOrganisation(), s, f.decidedBy(),
        f.decidedAt(), f.decisionNote());
  }
}
