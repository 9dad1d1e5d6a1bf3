package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.RecordEvent;
import org.fieldsync.client.SyncState;
import org.junit.jupiter.api.Test;

/**
 * A police officer's tablet (real Couchbase Lite) holds the visits case-0001 shares with police
 * and nothing else; when the family withdraws consent, the shared visits leave the tablet at the
 * next sync, as a de-allocated case does, and the officer's own entry stays, attributed to them.
 */
class PartnerConsentEndToEndTest extends ServerBackedTest {

  @Test
  void withdrawingConsentRemovesSharedVisitsFromThePartnersTabletAndKeepsTheirOwn() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync pat = Fixtures.device(server.baseUrl(), tmp.resolve("p"), "pp.pat")) {
      List<RecordEvent> patEvents = new CopyOnWriteArrayList<>();
      pat.addRecordListener(patEvents::addAll);
      String visit = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS,
          "Both children seen; home warm and tidy.")).id();
      String voice = alice.childVoice().create(CASE, List.of("child-0001"),
          Fixtures.childVoice("child-0001")).id();
      alice.syncNow();

      pat.syncNow();
      assertTrue(pat.visits().get(visit).isPresent(), "the case shares visits with police");
      assertTrue(pat.childVoice().get(voice).isEmpty(), "but not the child's own words");

      String own = pat.visits().create(CASE, List.of("child-0002"), Fixtures.visit(
          List.of("child-0002"), "Police welfare check with the family worker.")).id();
      pat.syncNow();
      assertEquals(SyncState.SYNCED, pat.visits().get(own).orElseThrow().state());

      RawClient.Response r = raw.send("PUT", "api/v1/cases/" + CASE + "/consents/police",
          raw.token("fw.alice"), "{\"level\":\"none\",\"givenBy\":\"parent_carer\","
              + "\"note\":\"Mum withdrew consent to share with police.\"}");
      assertEquals(200, r.status(), r.body());

      pat.syncNow();
      assertTrue(pat.visits().get(visit).isEmpty(), "the shared visit left pat's tablet");
      var kept = pat.visits().get(own).orElseThrow();
      assertEquals("u-pat", kept.authorId(), "pat's own entry is kept, attributed to pat");
      Fixtures.await("withdrawn for consent", Duration.ofSeconds(5), () -> patEvents.stream()
          .anyMatch(e -> e.kind() == RecordEvent.Kind.WITHDRAWN && e.recordId().equals(visit)
              && "consent".equals(e.note())));

      alice.syncNow();
      assertEquals("u-pat", alice.visits().get(own).orElseThrow().authorId(),
          "the family worker still has the officer's entry");
      assertTrue(raw.send("GET", "api/v1/cases/" + CASE + "/timeline", raw.token("fw.alice"),
          null).body().contains("\"authorAgency\":\"Dorset Police\""));
    }
  }
}
