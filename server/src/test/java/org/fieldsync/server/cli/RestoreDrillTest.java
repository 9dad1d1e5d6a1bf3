package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.fieldsync.server.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The restore drill, at the protocol level, for both stores: take a backup while the server
 * runs, let a tablet sync more, restore the backup (SQLite: the {@code backup} and
 * {@code restore} commands; PostgreSQL: {@code pg_dump}, {@code pg_restore} and
 * {@code new-epoch}, as the README says), and the tablet's checkpoint, now ahead of the store, is
 * answered {@code 410 sync.checkpoint.reset}. Pulling from the start gives what the backup holds;
 * pushing again what the restore lost stores it (and what survived is a duplicate), so nothing
 * still on the tablet is lost. The SDK's half (on 410: re-pull, re-push every record the server
 * lacks) is the client's; this drill plays the tablet's part by hand.
 */
class RestoreDrillTest {
  @TempDir Path tmp;

  @Test
  void sqliteBackupAndRestoreStartANewEpochAndTheTabletResyncs() throws Exception {
    Path data = tmp.resolve("data");
    try (TestServer server = TestServer.start(data, ServerConfig.builder().store("sqlite")
        .build())) {
      drill(server, () -> {
        Run backup = run("backup", "--data", data.toString(), "--to",
            tmp.resolve("backup.db").toString());
        assertEquals(0, backup.exit(), backup.err() + backup.out());
      }, () -> {
        Run restore = run("restore", "--data", data.toString(), "--from",
            tmp.resolve("backup.db").toString());
        assertEquals(0, restore.exit(), restore.err() + restore.out());
        assertTrue(restore.out().contains("epoch"), restore.out());
      });
    }
  }

  @Test
  void postgresDumpAndRestoreWithANewEpochAndTheTabletResyncs() throws Exception {
    String db = TestStores.scratch();
    ServerConfig base = ServerConfig.builder().store("postgresql")
        .jdbcUrl(TestStores.HOST_URL + db).dbUser("postgres").dbPassword("").build();
    Path config = tmp.resolve("server.json");
    Files.writeString(config, "{\"store\":\"postgresql\",\"jdbcUrl\":\"" + TestStores.HOST_URL
        + db + "\",\"dbUser\":\"postgres\",\"dbPassword\":\"\"}");
    Path dump = tmp.resolve("fieldsync.dump");
    try (TestServer server = TestServer.start(tmp.resolve("data"), base)) {
      drill(server, () -> exec("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f",
          dump.toString(), db), () -> {
            TestStores.drop(db);
            exec("createdb", "-h", "127.0.0.1", "-U", "postgres", db);
            exec("pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", db, dump.toString());
            Run epoch = run("new-epoch", "--config", config.toString());
            assertEquals(0, epoch.exit(), epoch.err() + epoch.out());
          });
    } finally {
      TestStores.drop(db);
    }
  }

  /** The drill: sync, back up, sync more, restore, and the tablet is told and resyncs. */
  private static void drill(TestServer server, Step backup, Step restore) throws Exception {
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "drill-1");
    Api api = new Api(server.port());
    Revision kept = visit("Before the backup.", 1_000);
    assertEquals("accepted", api.push(tablet, kept).get("outcome").asText());
    String before = pull(api, tablet.login(), null).get("checkpoint").asText();

    backup.run();
    Revision lost = visit("After the backup.", 2_000);
    assertEquals("accepted", api.push(tablet, lost).get("outcome").asText());
    String ahead = pull(api, tablet.login(), before).get("checkpoint").asText();

    server.stop();
    restore.run();
    server.start();

    String token = tablet.login();
    for (String checkpoint : List.of(ahead, before)) {
      RawHttp.Response stale = api.send("GET", "/api/v1/sync/changes?since=" + checkpoint,
          token, null);
      assertEquals(410, stale.status(), stale.body());
      assertEquals("sync.checkpoint.reset", Api.json(stale).get("code").asText());
    }
    List<String> fromStart = ids(pull(api, token, null));
    assertTrue(fromStart.contains(kept.id()), "what the backup holds comes back");
    assertFalse(fromStart.contains(lost.id()), "the restore took back the later push");

    // The tablet pushes again everything it holds that the server may lack.
    RawHttp.Response again = api.send("POST", "/api/v1/sync/push", token,
        tablet.pushBody(List.of(kept, lost)));
    assertEquals(200, again.status(), again.body());
    JsonNode outcomes = Api.json(again).get("outcomes");
    assertEquals("duplicate", outcomes.get(0).get("outcome").asText());
    assertEquals("accepted", outcomes.get(1).get("outcome").asText());
    assertTrue(ids(pull(api, token, null)).containsAll(List.of(kept.id(), lost.id())),
        "nothing the tablet still held is lost");
  }

  private static Revision visit(String notes, long clock) {
    return Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "drill-1", clock, notes);
  }

  private static JsonNode pull(Api api, String token, String since) {
    RawHttp.Response r = api.send("GET", "/api/v1/sync/changes"
        + (since == null ? "" : "?since=" + since), token, null);
    assertEquals(200, r.status(), r.body());
    return Api.json(r);
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("changes").forEach(c -> out.add(c.path("revision").path("id").asText()));
    return out;
  }

  /** A step of the drill that may throw. */
  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  private static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
  }
}
