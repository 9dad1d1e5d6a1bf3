package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.client.Attention;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncState;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.junit.jupiter.api.Test;

/** Concurrent edits, a server that dies mid-sync, and a case that moves away. Nothing is lost. */
class ConflictAndRecoveryEndToEndTest extends ServerBackedTest {

  @Test
  void conflictingVisitEditsAreKeptForAdminAndUnderReviewOnBothDevices() throws Exception {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "First visit.")).id();
      alice.syncNow();
      bea.syncNow();
      // Both edit offline.
      alice.visits().update(id, Fixtures.visit(KIDS, "Alice: mum was anxious."));
      bea.visits().update(id, Fixtures.visit(KIDS, "Bea: dad was present."));
      assertEquals(1, alice.syncNow().accepted());
      assertEquals(1, bea.syncNow().conflicts());
      alice.syncNow();

      LocalRecord<Visit> onBea = bea.visits().get(id).orElseThrow();
      assertEquals(SyncState.UNDER_REVIEW, onBea.state());
      assertEquals(Attention.CONFLICT, onBea.attention().code());
      assertEquals("Bea: dad was present.", onBea.body().notes(), "Bea's words stay on her tablet");
      LocalRecord<Visit> onAlice = alice.visits().get(id).orElseThrow();
      assertEquals(SyncState.UNDER_REVIEW, onAlice.state());
      assertEquals("Alice: mum was anxious.", onAlice.body().notes());
      assertEquals(1, alice.status().underReview());

      int revisions = server.store().read(tx -> tx.revisions().revisionCount(id));
      assertEquals(3, revisions, "the first visit and both edits are all kept");
      TimelineResponse t = raw.get("api/v1/cases/" + CASE + "/timeline", raw.token("sw.dan"),
          TimelineResponse.class);
      RecordChange onRecord = t.records().stream().filter(c -> c.revision().id().equals(id))
          .findFirst().orElseThrow();
      assertEquals(RecordChange.CONFLICTED, onRecord.status());
      assertTrue(onRecord.revision().body().contains("Alice: mum was anxious."),
          "the first edit to arrive stays the current winner");
    }
  }

  @Test
  void serverStoppedMidSyncDeviceResumesAndEveryRecordIsStoredExactlyOnce() {
    Path dir = tmp.resolve("alice");
    AtomicInteger pushes = new AtomicInteger();
    AtomicBoolean died = new AtomicBoolean();
    // The third push reaches the server and commits, then the server dies before answering:
    // the worst moment, because the device cannot know the batch was stored.
    Transport dying = new ForwardingTransport(new JdkTransport(Duration.ofSeconds(2),
        Duration.ofSeconds(20))) {
      @Override
      public Response send(Request request) throws IOException {
        Response r = super.send(request);
        if (request.uri().getPath().endsWith("/sync/push") && pushes.incrementAndGet() == 3) {
          server.stop();
          died.set(true);
          throw new IOException("connection reset");
        }
        return r;
      }
    };
    List<String> ids = new ArrayList<>();
    try (FieldSync alice = FieldSync.builder().serverUrl(server.baseUrl()).dataDir(dir)
        .credentials(() -> new Credentials("fw.alice", Fixtures.PASSWORD)).transport(dying)
        .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
        .pushBatchSize(20).backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build()) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      for (int i = 0; i < 200; i++) {
        ids.add(alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Visit " + i)).id());
      }
      alice.startSync(); // background sync, as on a tablet
      Fixtures.await("the server to die mid-sync", Duration.ofSeconds(30), died::get);
      Fixtures.await("failed retries while the server is down", Duration.ofSeconds(30),
          () -> alice.status().lastError() != null);
      assertEquals(200 - 40, alice.status().pending(), "two batches were acknowledged");

      server.start(); // same port, same data
      Fixtures.await("the device to resume and finish on its own", Duration.ofSeconds(60),
          () -> alice.status().pending() == 0);
      alice.stopSync();
      assertTrue(alice.visits().all().stream().allMatch(v -> v.state() == SyncState.SYNCED));
    }
    TimelineResponse t = raw.get("api/v1/cases/" + CASE + "/timeline", raw.token("fw.alice"),
        TimelineResponse.class);
    assertEquals(200, t.records().size());
    for (String id : ids) {
      assertEquals(1, (int) server.store().read(tx -> tx.revisions().revisionCount(id)), id);
    }
  }

  @Test
  void caseMovedAwayLeavesTheTabletButUnpushedWorkIsKept() {
    List<String> kid = List.of("child-0003");
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      String synced = alice.visits().create("case-0002", kid, Fixtures.visit(kid, "Synced."))
          .id();
      String edited = alice.visits().create("case-0002", kid, Fixtures.visit(kid, "Draft 1."))
          .id();
      alice.syncNow();
      alice.visits().update(edited, Fixtures.visit(kid, "Draft 2, written offline."));

      RawClient.Response moved = raw.send("DELETE",
          "api/v1/admin/cases/case-0002/allocations/u-alice", raw.token("tm.erin"), null);
      assertEquals(200, moved.status(), moved.body());

      alice.syncNow();
      assertTrue(alice.visits().get(synced).isEmpty(), "records of a case moved away are purged");
      LocalRecord<Visit> kept = alice.visits().get(edited).orElseThrow();
      assertEquals("Draft 2, written offline.", kept.body().notes());
      assertEquals(SyncState.NEEDS_ATTENTION, kept.state());
      assertEquals("scope.case.notAllocated", kept.attention().code());
      assertTrue(alice.visits().byCase(CASE).isEmpty());
    }
  }

  @Test
  void pokeWakesAColleaguesTabletWithoutPolling() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice");
        FieldSync bea = FieldSync.builder().serverUrl(server.baseUrl()).dataDir(tmp.resolve("b"))
            .credentials(() -> new Credentials("fw.bea", Fixtures.PASSWORD))
            .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
            .idleInterval(Duration.ofHours(1)).build()) {
      bea.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.bea"), "Bea's tablet");
      bea.startSync();
      Fixtures.await("bea's first sync", Duration.ofSeconds(20),
          () -> bea.status().lastSyncCompleted() != null);
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Poke me.")).id();
      alice.syncNow();
      Fixtures.await("the poke to bring alice's visit", Duration.ofSeconds(20),
          () -> bea.visits().get(id).isPresent());
      bea.stopSync();
    }
  }

  /** A transport that delegates; tests override {@code send} to inject failures. */
  static class ForwardingTransport implements Transport {
    private final Transport delegate;

    ForwardingTransport(Transport delegate) {
      this.delegate = delegate;
    }

    @Override
    public Response send(Request request) throws IOException {
      return delegate.send(request);
    }

    @Override
    public PokeSocket openPokes(URI uri, String bearerToken, PokeListener listener)
        throws IOException {
      return delegate.openPokes(uri, bearerToken, listener);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
