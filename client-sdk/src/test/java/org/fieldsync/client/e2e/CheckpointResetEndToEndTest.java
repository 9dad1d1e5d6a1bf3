package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncResult;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.fieldsync.server.store.SqliteStore;
import org.fieldsync.server.store.StoreIdentity;
import org.junit.jupiter.api.Test;

/**
 * The server restored from last night's backup: what a tablet pushed since is gone from it, and
 * the tablet's checkpoint is from after the backup. The tablet must notice (410), pull from the
 * start, and push again what the server lost: never resume from its later position, never drop a
 * local change. Real server, its real SQLite folder copied as the backup and restored as an
 * operator would (with a new store epoch), real Couchbase Lite on the tablets.
 */
class CheckpointResetEndToEndTest extends ServerBackedTest {
  private static final String CHANGES = "/api/v1/sync/changes";

  @Test
  void afterARestoreFromBackupTheTabletPushesAgainWhatTheServerLostAndEveryoneSeesIt()
      throws IOException {
    Path backup = tmp.resolve("backup");
    RecordingTransport wire = new RecordingTransport();
    String a;
    String b;
    try (FieldSync alice = Fixtures.builder(server.baseUrl(), tmp.resolve("alice"), "fw.alice")
        .transport(wire).build()) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      Visit first = Fixtures.visit(KIDS, "A: seen at home.");
      a = alice.visits().create(CASE, KIDS, first).id();
      alice.syncNow();

      server.stop();
      copyTree(server.dataDir(), backup); // the night's backup
      server.start();

      // The next day: A is added to and B recorded; both reach the server (acknowledged).
      alice.visits().update(a, Fixtures.withNotes(first, "A: seen at home. Nan came too."));
      b = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "B: seen at school.")).id();
      assertEquals(2, alice.syncNow().accepted());
      assertEquals(0, alice.status().pending());

      // The server's disk fails; the operator restores the backup and starts a new epoch.
      server.stop();
      replaceTree(server.dataDir(), backup);
      try (SqliteStore restored = new SqliteStore(server.dataDir())) {
        StoreIdentity.newEpoch(restored);
      }
      server.start();
      wire.clear();

      SyncResult r = alice.syncNow();

      List<RecordingTransport.Exchange> pulls = wire.to(CHANGES);
      assertEquals(410, pulls.get(0).status(), "the stale checkpoint is refused");
      assertTrue(pulls.get(0).target().contains("since="), pulls.get(0).target());
      RecordingTransport.Exchange fromStart = pulls.get(1);
      assertEquals(200, fromStart.status());
      assertFalse(fromStart.target().contains("since="), "from the start: " + fromStart);
      assertFalse(fromStart.target().contains("deviceId="), "own records back: " + fromStart);
      assertEquals(2, r.accepted(), "A's addition and B pushed again: " + r);
      assertEquals(0, r.rejected());
      assertEquals(0, alice.status().pending());
      assertEquals(0, alice.status().needsAttention());
      LocalRecord<Visit> localA = alice.visits().get(a).orElseThrow();
      assertEquals("A: seen at home. Nan came too.", localA.body().notes());
      assertEquals(SyncState.SYNCED, localA.state());

      wire.clear();
      alice.syncNow();
      assertTrue(wire.to(CHANGES).stream().allMatch(e -> e.status() == 200
          && e.target().contains("since=") && e.target().contains("deviceId=")),
          "back to pulling from its (new) checkpoint: " + wire.to(CHANGES));
    }

    String dan = raw.token("sw.dan");
    TimelineResponse timeline = raw.get("api/v1/cases/" + CASE + "/timeline", dan,
        TimelineResponse.class);
    assertEquals(1, timeline.records().stream().filter(c -> c.revision().id().equals(a)).count());
    assertEquals(1, timeline.records().stream().filter(c -> c.revision().id().equals(b)).count());
    assertEquals(1, history(dan, b).size(), "B stored once");
    JsonNode historyOfA = history(dan, a);
    assertEquals(2, historyOfA.size(), "A's first revision (from the backup) and its addition");
    assertEquals("A: seen at home. Nan came too.", ProtocolCodec.readTree(
        timeline.records().stream().filter(c -> c.revision().id().equals(a)).findFirst()
            .orElseThrow().revision().body()).get("notes").asText());

    try (FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("bea"), "fw.bea")) {
      bea.syncNow();
      assertEquals("A: seen at home. Nan came too.",
          bea.visits().get(a).orElseThrow().body().notes());
      assertEquals("B: seen at school.", bea.visits().get(b).orElseThrow().body().notes());
    }
  }

  @Test
  void aCheckpointTheServerNeverIssuedLeadsToACleanPullFromTheStart() {
    RecordingTransport wire = new RecordingTransport();
    try (FieldSync alice = Fixtures.builder(server.baseUrl(), tmp.resolve("alice"), "fw.alice")
        .transport(wire).build();
        FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("bea"), "fw.bea")) {
      alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
      String mine = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Alice's.")).id();
      alice.syncNow();

      // The server's checkpoint key is replaced (as if reset by hand): every checkpoint the
      // tablet holds is now one this server never issued.
      server.stop();
      try (SqliteStore store = new SqliteStore(server.dataDir())) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        store.write(tx -> {
          tx.meta().put("checkpoint_key", HexFormat.of().formatHex(key));
          return null;
        });
      }
      server.start();
      // Meanwhile Bea records, and adds to Alice's visit: the server's state of it is newer.
      String beas = bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Bea's.")).id();
      bea.syncNow();
      bea.visits().update(mine, Fixtures.withNotes(Fixtures.visit(KIDS, "Alice's."),
          "Alice's. Bea phoned the school."));
      bea.syncNow();
      wire.clear();

      SyncResult r = alice.syncNow();

      List<RecordingTransport.Exchange> pulls = wire.to(CHANGES);
      assertEquals(400, pulls.get(0).status());
      assertFalse(pulls.get(1).target().contains("since="), pulls.get(1).target());
      assertEquals(200, pulls.get(1).status());
      assertEquals(1, r.pushed(), "Alice's visit, in another state on the server, pushed again");
      assertEquals(1, r.accepted(), "answered duplicate: the server had it: " + r);
      assertEquals("Bea's.", alice.visits().get(beas).orElseThrow().body().notes());
      LocalRecord<Visit> visit = alice.visits().get(mine).orElseThrow();
      assertEquals("Alice's. Bea phoned the school.", visit.body().notes(),
          "the server's newer state, not Alice's older one");
      assertEquals(SyncState.SYNCED, visit.state());
      assertEquals(0, alice.status().pending());
    }
  }

  private JsonNode history(String token, String recordId) {
    RawClient.Response r = raw.send("GET", "api/v1/records/" + recordId + "/history", token,
        null);
    assertEquals(200, r.status(), r.body());
    return ProtocolCodec.readTree(r.body()).get("revisions");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void replaceTree(Path dir, Path backup) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    copyTree(backup, dir);
  }
}
