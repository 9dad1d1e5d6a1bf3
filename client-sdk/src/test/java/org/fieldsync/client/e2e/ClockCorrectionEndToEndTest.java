package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.junit.jupiter.api.Test;

/**
 * A tablet whose clock runs three hours fast records a morning's visits out of signal. The server
 * refuses revisions stamped more than an hour ahead of its time ({@code record.hlc.ahead}); the
 * tablet must correct its clock from the server's {@code X-Server-Time}, stamp them again, sign
 * them again and push them in the same sync, so they are neither lost nor left for the worker to
 * deal with, and they sort at the right time in every timeline. Real server, real Couchbase Lite;
 * the tablet's clock is injected.
 */
class ClockCorrectionEndToEndTest extends ServerBackedTest {
  private static final Duration FAST = Duration.ofHours(3);

  @Test
  void aTabletThreeHoursFastRecordsOfflineAndItsRecordsReachTheServerStampedWithinTheBound() {
    Path dir = tmp.resolve("alice");
    Fixtures.device(server.baseUrl(), dir, "fw.alice").close(); // enrolled at the office
    Clock fast = Clock.offset(Clock.systemUTC(), FAST);
    List<String> ids = new ArrayList<>();
    server.stop(); // out of signal
    try (FieldSync alice = Fixtures.builder(server.baseUrl(), dir, "fw.alice").clock(fast)
        .build()) {
      for (String notes : List.of("Seen at home.", "Seen at school.", "Phone call to Nan.")) {
        ids.add(alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, notes)).id());
      }
      server.start(); // back in signal, the same tablet, its clock still fast

      SyncResult r = alice.syncNow();

      assertEquals(3, r.accepted(), "accepted after the correction: " + r);
      assertEquals(0, r.rejected());
      assertEquals(0, alice.status().pending());
      assertEquals(0, alice.status().needsAttention());
      for (String id : ids) {
        assertEquals(SyncState.SYNCED, alice.visits().get(id).orElseThrow().state());
      }
      // A record made after the sync is stamped from the corrected clock at once.
      ids.add(alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Evening note.")).id());
      assertEquals(1, alice.syncNow().accepted());
    }
    long now = System.currentTimeMillis();
    TimelineResponse timeline = raw.get("api/v1/cases/" + CASE + "/timeline",
        raw.token("sw.dan"), TimelineResponse.class);
    List<Hlc> stamps = timeline.records().stream().map(RecordChange::revision)
        .filter(r -> ids.contains(r.id())).map(r -> Hlc.parse(r.hlc())).toList();
    assertEquals(4, stamps.size());
    for (Hlc h : stamps) {
      assertTrue(!h.tooFarAhead(now), "within the bound: " + h);
      assertTrue(Math.abs(h.wallMillis() - now) < Duration.ofMinutes(10).toMillis(),
          "stamped with the server's time, not the tablet's three-hours-fast clock: " + h);
    }
  }
}
