package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.cli.Main;
import org.fieldsync.server.store.ExportEntry;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.FlakyReceiver;
import org.fieldsync.server.testing.ProcessLogs;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server while it exports: the outbox is in the store, written with the
 * revisions, and a claim lapses, so after a restart every owed revision still reaches the
 * receiver, and none twice by its idempotency key. The server runs as a process of its own (as
 * {@code java -jar} runs it) on this run's store, and is killed with SIGKILL mid-delivery.
 */
class ExportCrashTest {
  @TempDir Path tmp;

  @Test
  void killNineDuringExportLosesAndDuplicatesNothing() throws Exception {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    ServerKeys keys = ServerKeys.load(data);
    try (FlakyReceiver receiver = new FlakyReceiver(keys.publicKeyBase64(), keys.keyId(), 0.3,
        25, 9L).start()) {
      // First the records, pushed while the receiver is unreachable: the outbox fills.
      Path down = config(tmp.resolve("down.json"), "http://127.0.0.1:9/unreachable", null);
      TestServer seed = TestServer.start(data, ServerConfig.defaults().with(b -> b
          .exports(down.resolveSibling("down.json.exports.json").toString())));
      try {
        Api api = new Api(seed.port());
        TestDevice alice = TestDevice.enrol(seed.store(), seed.port(), "fw.alice", "crash-a");
        List<Revision> revs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          revs.add(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "crash-a",
              100 + i, "visit " + i));
        }
        api.push(alice, revs);
        List<Revision> edits = new ArrayList<>();
        for (Revision r : revs) {
          edits.add(Revs.edit(r, "u-alice", "crash-a", 500 + edits.size(), "edited"));
        }
        api.push(alice, edits);
        List<ExportEntry> owed = seed.store().read(tx -> tx.exports().list(null, 1000));
        assertEquals(Map.of("mosaic/pending", 40L), seed.store().read(tx -> tx.exports().counts()));
        assertEquals(40, owed.size());
        ServerConfig store = seed.config();
        seed.stop();

        Path live = config(tmp.resolve("live.json"), receiver.url(), store);
        Process p = serve(live, data);
        try {
          ExportDeliveryTest.await(() -> receiver.accepted().size() >= 8, "some delivered");
          p.destroyForcibly(); // SIGKILL: no drain, no close, claims left behind
          assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
          p.destroyForcibly();
        }
        assertTrue(receiver.accepted().size() < owed.size(), "killed mid-export");
        Process again = serve(live, data);
        try {
          ExportDeliveryTest.await(() -> receiver.accepted().size() >= owed.size(),
              "everything delivered after the restart");
        } finally {
          again.destroyForcibly();
          again.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(new TreeSet<>(owed.stream().map(ExportEntry::key).toList()),
            new TreeSet<>(receiver.accepted().keySet()), "nothing lost, nothing extra");
        assertEquals(List.of(), receiver.problems(), "signed, and in order per record");
      } finally {
        seed.close();
      }
    }
  }

  private static Path config(Path file, String url, ServerConfig store) throws Exception {
    Path exports = file.resolveSibling(file.getFileName() + ".exports.json");
    Files.writeString(exports, "{\"sinks\":[{\"name\":\"mosaic\",\"kind\":\"http\",\"url\":\""
        + url + "\",\"timeoutMillis\":1000}],\"backoffMillis\":10,\"maxBackoffMillis\":100,"
        + "\"pollMillis\":20,\"maxAttempts\":10000,\"batch\":4,\"concurrency\":2,"
        + "\"leaseMillis\":1500}");
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("exports", exports.toString());
    c.put("dev", true);
    c.put("argon2MemoryKib", 1024);
    c.put("argon2Iterations", 1);
    if (store != null && store.jdbcUrl() != null) {
      c.put("store", "postgresql");
      c.put("jdbcUrl", store.jdbcUrl());
      c.put("dbUser", store.dbUser());
      c.put("dbPassword", "");
    }
    Files.writeString(file, ProtocolCodec.encodeToString(c));
    return file;
  }

  /** The server in a JVM of its own, as {@code java -jar} runs it; returns once it listens. */
  private static Process serve(Path config, Path data) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--config", config.toString(), "--data", data.toString(), "--port", "0"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ProcessLogs.awaitMessage(p, "fieldsync listening on");
    return p;
  }
}
