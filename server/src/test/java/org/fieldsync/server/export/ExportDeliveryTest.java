package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.store.ExportEntry;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.FlakyReceiver;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.locks.LockSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The export outbox end to end on this run's store, against a real receiver that fails about
 * 30% of requests at random, answers slowly and is restarted mid-run: every exportable revision
 * arrives exactly once by idempotency key, in order per record, each signature verified by the
 * receiver with the JDK's own Ed25519; a conflict resolved after export arrives as a new
 * revision that says what it supersedes; the file sink's day file matches its manifest and
 * holds pseudonyms only; every delivery is in the audit trail.
 */
class ExportDeliveryTest {
  @TempDir Path tmp;

  @Test
  void everyExportableRevisionArrivesOnceInOrderSignedThroughFailuresAndARestart()
      throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    ServerKeys keys = ServerKeys.load(data); // the key the server will sign with
    try (FlakyReceiver receiver = new FlakyReceiver(keys.publicKeyBase64(), keys.keyId(), 0.3,
        15, 20261202L).start()) {
      Path exports = tmp.resolve("exports.json");
      Path drop = tmp.resolve("drop");
      Files.writeString(exports, "{\"sinks\":[{\"name\":\"mosaic\",\"kind\":\"http\",\"url\":\""
          + receiver.url() + "\",\"timeoutMillis\":2000},{\"name\":\"reports\",\"kind\":\"file\","
          + "\"dir\":\"" + drop + "\",\"identities\":\"pseudonyms\"}],\"backoffMillis\":10,"
          + "\"maxBackoffMillis\":80,\"pollMillis\":20,\"maxAttempts\":200,\"batch\":8}");
      try (TestServer server = TestServer.start(data, ServerConfig.defaults().with(b -> b
          .exports(exports.toString())))) {
        Api api = new Api(server.port());
        TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "exp-a");
        TestDevice dan = TestDevice.enrol(server.store(), server.port(), "sw.dan", "exp-d");
        List<Revision> current = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          current.add(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "exp-a",
              1000 + i, "Seen at home with Nana " + i));
        }
        api.push(alice, current);
        for (int gen = 2; gen <= 3; gen++) {
          List<Revision> next = new ArrayList<>();
          for (Revision r : current) {
            next.add(Revs.edit(r, "u-alice", "exp-a", 2000L * gen + next.size(), "edit " + gen));
          }
          api.push(alice, next);
          current = next;
          if (gen == 2) {
            await(() -> receiver.accepted().size() >= 8, "some deliveries before the restart");
            receiver.stop(); // in-flight answers are lost: those entries are sent again
            receiver.start();
          }
        }
        // A conflict after export, resolved by a sync admin: the resolution is a new revision.
        Revision base = current.get(0);
        api.push(alice, Revs.edit(base, "u-alice", "exp-a", 9000, "alice: at school"));
        assertEquals("conflict", api.push(dan, Revs.edit(base, "u-dan", "exp-d", 9001,
            "dan: at home")).get("outcome").asText());
        String conflict = server.store().read(tx -> tx.conflicts().open(base.id()).orElseThrow()
            .id());
        JsonNode detail = api.get("admin.gus", "/api/v1/admin/conflicts/" + conflict);
        RawHttp.Response resolved = api.send("POST", "/api/v1/admin/conflicts/" + conflict
            + "/resolve", api.token("admin.gus"), Api.body("reason", "Both workers agreed.",
                "choices", Map.of("notes", Map.of("side", detail.get("sides").get(1).get("rev")
                    .asText()))));
        assertEquals(200, resolved.status(), resolved.body());
        String resolution = server.store().read(tx -> tx.revisions().current(base.id())
            .orElseThrow().currentRev());

        List<ExportEntry> owed = server.store().read(tx -> tx.exports().list(null, 10_000))
            .stream().filter(e -> e.sink().equals("mosaic")).toList();
        // 12 records x 3 generations, the accepted edit before the conflict, the resolution.
        assertEquals(38, owed.size(), owed.toString());
        await(() -> receiver.accepted().keySet().containsAll(owed.stream()
            .map(ExportEntry::key).toList()), "every entry delivered");
        await(() -> server.store().read(tx -> tx.exports().counts()).getOrDefault(
            "mosaic/pending", 0L) == 0, "every entry recorded delivered");

        Map<String, JsonNode> got = receiver.accepted();
        assertEquals(new TreeSet<>(owed.stream().map(ExportEntry::key).toList()),
            new TreeSet<>(got.keySet()), "exactly the owed revisions, each once by key");
        assertEquals(List.of(), receiver.problems(), "signatures verified, order kept");
        assertTrue(receiver.failed() > 5, "the receiver failed some: " + receiver.failed());

        JsonNode last = got.get(base.id() + ":" + resolution);
        assertEquals("resolved", last.get("reason").asText());
        String earlier = last.get("record").get("supersedes").asText();
        assertTrue(got.containsKey(base.id() + ":" + earlier), "it names what it supersedes");
        assertTrue(last.get("record").get("serverSeq").asLong()
            > got.get(base.id() + ":" + earlier).get("record").get("serverSeq").asLong());
        assertEquals("u-gus", last.get("record").path("authorId").asText(""),
            "the case management sink has full identities: the resolver wrote the resolution");
        assertEquals("u-alice", got.get(base.id() + ":" + earlier).get("record")
            .path("authorId").asText(""));

        await(() -> server.store().read(tx -> tx.exports().counts()).getOrDefault(
            "reports/pending", 0L) == 0, "the file sink took every entry");
        checkFileDrop(drop, owed.size());

        long audited = server.store().read(tx -> tx.audit().entries(0, 100_000).stream()
            .filter(a -> a.action().equals("export.delivered")).count());
        assertTrue(audited >= 2L * owed.size(), "every delivery is audited: " + audited);
      }
    }
  }

  @Test
  void twoNodesNeverDeliverTheSameEntryBothClaimFromOneOutbox() throws Exception {
    Path data = tmp.resolve("nodes");
    Files.createDirectories(data);
    ServerKeys keys = ServerKeys.load(data);
    try (FlakyReceiver receiver = new FlakyReceiver(keys.publicKeyBase64(), keys.keyId(), 0, 5,
        3L).start();
        TestServer server = TestServer.start(data, ServerConfig.defaults())) {
      ExportSettings settings = ExportSettings.parse(ProtocolCodec.readTree("{\"sinks\":[{"
          + "\"name\":\"mosaic\",\"kind\":\"http\",\"url\":\"" + receiver.url() + "\"}],"
          + "\"pollMillis\":10,\"batch\":3,\"concurrency\":2}"), "test");
      byte[] secret = "pseudonym key".getBytes(StandardCharsets.UTF_8);
      // Two nodes' dispatchers on one store, each claiming as fast as it can.
      try (ExportDispatcher a = new ExportDispatcher(server.vertx(), server.store(), settings,
          keys, secret, Clock.systemUTC(), "node-a").start();
          ExportDispatcher b = new ExportDispatcher(server.vertx(), server.store(), settings,
              keys, secret, Clock.systemUTC(), "node-b").start()) {
        Api api = new Api(server.port());
        TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "two-a");
        List<Revision> revs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          revs.add(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "two-a", i,
              "visit " + i));
        }
        api.push(alice, revs);
        await(() -> receiver.accepted().size() == 30, "all 30 delivered");
        assertEquals(30, receiver.requests(), "each entry sent once: claims are exclusive");
        assertEquals(0, receiver.duplicates());
      }
    }
  }

  private static void checkFileDrop(Path drop, int owed) throws Exception {
    List<Path> days;
    try (var s = Files.list(drop)) {
      days = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
    }
    assertFalse(days.isEmpty());
    Set<String> keys = new TreeSet<>();
    for (Path day : days) {
      byte[] bytes = Files.readAllBytes(day);
      JsonNode manifest = ProtocolCodec.readTree(Files.readString(Path.of(day.toString()
          .replace(".ndjson", ".manifest.json"))));
      assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          manifest.get("sha256").asText());
      List<String> lines = Files.readAllLines(day);
      assertEquals(lines.size(), manifest.get("lines").asInt());
      for (String l : lines) {
        JsonNode m = ProtocolCodec.readTree(l);
        keys.add(m.get("idempotencyKey").asText());
        assertEquals("pseudonyms", m.get("identities").asText());
        assertNull(m.get("record").get("authorId"));
        assertTrue(m.get("record").get("author").asText().matches("W-[0-9a-f]{8}"), l);
        assertFalse(l.contains("Nana") || l.contains("u-alice") || l.contains("child-0001"),
            "no free text or ids for a reporting sink: " + l);
      }
    }
    assertEquals(owed, keys.size());
  }

  /** Waits (bounded, on a condition) for the dispatcher. */
  static void await(BooleanSupplier done, String what) {
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
