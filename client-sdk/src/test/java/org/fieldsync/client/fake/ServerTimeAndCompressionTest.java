package org.fieldsync.client.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.ServerApi;
import org.fieldsync.client.records.RecordBodies;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.validation.RecordValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real server does not do on cue: serve a revision stamped far in the future, name a
 * server time three hours behind the tablet's, and show the exact bytes and headers a push
 * arrives with. The tablet is a real FieldSync on real Couchbase Lite; the server is the
 * scriptable {@link FakeServer}.
 */
class ServerTimeAndCompressionTest {
  private static final String PUSH = "POST /api/v1/sync/push";
  private static final String CHANGES = "GET /api/v1/sync/changes";
  private static final List<String> KIDS = List.of("child-0001");
  @TempDir Path tmp;
  private FakeServer fake;

  @BeforeEach
  void start() {
    fake = FakeServer.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Visit visit(String notes) {
    return RecordBodies.visit().date(LocalDate.of(2026, 11, 20))
        .mode(Visit.Mode.HOME_VISIT).kind(Visit.Kind.CIN).childSeenAlone("child-0001")
        .notes(notes).build();
  }

  /** A colleague's visit stamped at {@code hlc}, as the change feed carries it. */
  private static String change(long seq, Hlc hlc) {
    Revision r = Revisions.next(UuidV7.generate(), RecordType.VISIT, "case-0001", KIDS, null,
        false, RecordValidator.SCHEMA_VERSION, "u-bea", hlc.node(), hlc,
        ProtocolCodec.encodeBody(visit("Bea's visit.")));
    return "{\"kind\":\"record\",\"seq\":" + seq + ",\"status\":\"current\",\"revision\":"
        + ProtocolCodec.encodeToString(r) + "}";
  }

  private static JsonNode pushed(RecordedRequest push) {
    return ProtocolCodec.readTree(push.bodyText());
  }

  @Test
  void aPulledRevisionStampedFarAheadDoesNotMoveTheTabletsClock() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      long now = System.currentTimeMillis();
      Hlc slightlyAhead = new Hlc(now + Duration.ofMinutes(30).toMillis(), 3, "tablet-of-bea");
      Hlc in2100 = new Hlc(4_102_444_800_000L, 0, "tablet-of-dan");
      fake.enqueue(CHANGES, FakeResponse.json(200, "{\"changes\":[" + change(1, slightlyAhead)
          + "," + change(2, in2100) + "],\"checkpoint\":\"cp-2\",\"hasMore\":false}"));
      fs.syncNow();
      assertEquals(2, fs.visits().byCase("case-0001").size(), "both pulled and kept");

      fs.visits().create("case-0001", KIDS, visit("Alice's visit."));
      fs.syncNow();

      Hlc mine = Hlc.parse(pushed(fake.requests(PUSH).get(0)).get("revisions").get(0)
          .get("hlc").asText());
      assertTrue(mine.compareTo(slightlyAhead) > 0, "a timestamp within the bound is adopted: "
          + mine);
      assertFalse(mine.tooFarAhead(System.currentTimeMillis()),
          "2100 was not adopted: " + mine);
    }
  }

  @Test
  void aRevisionRefusedForItsClockIsStampedAgainFromTheServersTimeSignedAgainAndPushed() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b)) {
      String id = fs.visits().create("case-0001", KIDS, visit("Seen at home.")).id();
      // The server's time is three hours behind this tablet's clock.
      long serverTime = System.currentTimeMillis() - Duration.ofHours(3).toMillis();
      fake.enqueue(PUSH, req -> FakeResponse.json(200, "{\"outcomes\":[{\"id\":\"" + id
          + "\",\"rev\":\"" + pushed(req).get("revisions").get(0).get("rev").asText()
          + "\",\"outcome\":\"rejected\",\"error\":{\"code\":\"record.invalid\",\"message\":"
          + "\"the record is not valid\",\"status\":0,\"errors\":[{\"field\":\"hlc\",\"code\":"
          + "\"record.hlc.ahead\",\"message\":\"more than an hour ahead\"}]}}]}")
          .withHeader("X-Server-Time", Long.toString(serverTime)));

      var result = fs.syncNow();

      List<RecordedRequest> pushes = fake.requests(PUSH);
      assertEquals(2, pushes.size(), "pushed again in the same pass");
      JsonNode first = pushed(pushes.get(0));
      JsonNode again = pushed(pushes.get(1));
      JsonNode r1 = first.get("revisions").get(0);
      JsonNode r2 = again.get("revisions").get(0);
      assertEquals(r1.get("rev").asText(), r2.get("rev").asText(), "the same revision");
      assertEquals(r1.get("body"), r2.get("body"));
      Hlc restamped = Hlc.parse(r2.get("hlc").asText());
      assertTrue(Math.abs(restamped.wallMillis() - serverTime) < 60_000,
          "stamped from the server's time: " + restamped);
      assertNotEquals(first.get("rootSignature").asText(),
          again.get("rootSignature").asText(), "signed again");
      assertEquals(1, result.accepted());
      assertEquals(0, result.rejected());
      assertEquals(SyncState.SYNCED, fs.visits().get(id).orElseThrow().state());
      assertEquals(0, fs.status().needsAttention());
    }
  }

  @Test
  void pushesFromTheThresholdAreSentGzippedAndSmallRequestsPlain() {
    try (FieldSync fs = FakeTablet.enrolled(fake, tmp.resolve("t"), b -> b.pushBatchSize(10))) {
      fs.visits().create("case-0001", KIDS, visit("One visit."));
      fs.syncNow();
      for (int i = 0; i < 10; i++) {
        fs.visits().create("case-0001", KIDS, visit("Visit " + i + " of a long morning."));
      }
      fs.syncNow();

      List<RecordedRequest> pushes = fake.requests(PUSH);
      RecordedRequest small = pushes.get(0);
      RecordedRequest large = pushes.get(1);
      assertTrue(small.body().length < ServerApi.GZIP_FROM_BYTES, "one visit is small");
      assertNull(small.header("Content-Encoding"), "a small push is sent as it is");
      assertEquals("gzip", large.header("Content-Encoding"));
      assertEquals("application/json", large.header("Content-Type"));
      String json = large.bodyText();
      assertEquals(10, ProtocolCodec.readTree(json).get("revisions").size());
      assertTrue(large.body().length * 3 < json.length(), "compressed "
          + json.length() + " bytes to " + large.body().length);
      assertNull(fake.requests("POST /api/v1/auth/login").get(0).header("Content-Encoding"));
    }
  }
}
