package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncResult;
import org.junit.jupiter.api.Test;

/**
 * A morning's records go up compressed (a push is repetitive JSON; the link is a rural mobile
 * one), the real server takes the compressed push as it would a plain one, and a colleague's
 * tablet pulls them compressed too.
 */
class CompressedPushEndToEndTest extends ServerBackedTest {

  @Test
  void aMorningsRecordsArePushedAndPulledGzippedThroughTheRealServer() {
    RecordingTransport wire = new RecordingTransport();
    List<String> ids = new ArrayList<>();
    try (FieldSync alice = Fixtures.builder(server.baseUrl(), tmp.resolve("alice"), "fw.alice")
        .transport(wire).build()) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      for (int i = 0; i < 12; i++) {
        ids.add(alice.visits().create(CASE, KIDS,
            Fixtures.visit(KIDS, "Visit " + i + " of the morning.")).id());
      }

      SyncResult r = alice.syncNow();

      List<RecordingTransport.Exchange> pushes = wire.to("/api/v1/sync/push");
      assertEquals(1, pushes.size());
      assertEquals("gzip", pushes.get(0).header("Content-Encoding"));
      assertEquals(200, pushes.get(0).status());
      assertEquals(12, r.accepted());
    }
    RecordingTransport beasWire = new RecordingTransport();
    try (FieldSync bea = Fixtures.builder(server.baseUrl(), tmp.resolve("bea"), "fw.bea")
        .transport(beasWire).build()) {
      bea.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.bea"), "Bea's tablet");
      bea.syncNow();
      RecordingTransport.Exchange pull = beasWire.to("/api/v1/sync/changes").get(0);
      assertEquals("gzip", pull.answerEncoding(), "the page came compressed: " + pull);
      for (int i = 0; i < ids.size(); i++) {
        assertEquals("Visit " + i + " of the morning.",
            bea.visits().get(ids.get(i)).orElseThrow().body().notes());
      }
    }
  }
}
