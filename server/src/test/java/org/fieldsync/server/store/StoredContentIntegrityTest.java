package org.fieldsync.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A stored revision whose body was changed after it was stored (one byte, by a disk fault or a
 * hand in the database) no longer hashes to its rev. No path serves it as good or builds on it:
 * the feed, the timeline, the history, a conflict's detail and a merge all refuse with
 * {@code store.corrupt}, and the server logs an error naming the revision, never its content.
 */
class StoredContentIntegrityTest {
  @TempDir static Path tmp;
  private static TestServer server;
  private static Api api;
  private static TestDevice alice;
  private static TestDevice bea;
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static final Logger ROOT = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"));
    api = new Api(server.port());
    alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tablet");
    bea = TestDevice.enrol(server.store(), server.port(), "fw.bea", "bea-tablet");
    LOGS.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    LOGS.start();
    ROOT.addAppender(LOGS);
  }

  @AfterAll
  static void stop() {
    ROOT.detachAppender(LOGS);
    server.close();
  }

  /** Changes one character of a stored revision's body, behind the server's back. */
  private static void damage(Revision r, String from, String to) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
        + server.dataDir().resolve("fieldsync.db"));
        PreparedStatement p = c.prepareStatement("UPDATE revisions SET body = replace(body, ?, ?)"
            + " WHERE record_id = ? AND rev = ?")) {
      p.setString(1, from);
      p.setString(2, to);
      p.setString(3, r.id());
      p.setString(4, r.rev());
      assertEquals(1, p.executeUpdate());
    }
  }

  private static void assertRefused(RawHttp.Response r, String hidden) {
    assertEquals(500, r.status(), r.body());
    assertEquals(ErrorCodes.STORE_CORRUPT, Api.json(r).get("code").asText());
    assertFalse(r.body().contains(hidden), "the damaged content is not served: " + r.body());
  }

  private static void assertErrorLogged(Revision r) {
    assertTrue(LOGS.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
        && e.getFormattedMessage().contains(r.rev())
        && e.getFormattedMessage().contains(r.id())), "an error names the revision");
  }

  @Test
  void aDamagedBodyIsNotServedByTheFeedTheTimelineOrTheHistory() throws Exception {
    Revision v = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1,
        "Seen at home, calm.");
    assertEquals("accepted", api.push(alice, v).get("outcome").asText());
    String token = alice.login();
    assertEquals(200, api.send("GET", "/api/v1/records/" + v.id() + "/history", token, null)
        .status());
    damage(v, "calm", "cAlm");
    assertRefused(api.send("GET", "/api/v1/cases/case-0001/timeline", token, null), "cAlm");
    assertRefused(api.send("GET", "/api/v1/records/" + v.id() + "/history", token, null),
        "cAlm");
    assertRefused(api.send("GET", "/api/v1/sync/changes", token, null), "cAlm");
    assertErrorLogged(v);
    damage(v, "cAlm", "calm");
    assertEquals(200, api.send("GET", "/api/v1/cases/case-0001/timeline", token, null)
        .status(), "put back as it was, it is served again");
  }

  @Test
  void noMergeIsBuiltOnADamagedRevision() throws Exception {
    Revision v = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1, "Base.");
    api.push(alice, v);
    Revision mine = Revs.edit(v, "u-alice", "d", 2, "Base.\nAlice adds.");
    api.push(alice, mine);
    damage(mine, "Alice", "AlicE");
    Revision theirs = Revs.edit(v, "u-bea", "d", 3, "Base.\nBea adds.");
    RawHttp.Response push = api.send("POST", "/api/v1/sync/push", bea.login(),
        bea.pushBody(List.of(theirs)));
    assertRefused(push, "AlicE");
    assertEquals(2, (int) server.store().<Integer>read(tx -> tx.revisions().revisionCount(v.id())),
        "nothing was stored");
    assertErrorLogged(mine);
    damage(mine, "AlicE", "Alice");
  }

  @Test
  void aConflictWithADamagedSideIsNotShownToTheSyncAdmin() throws Exception {
    Revision v = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1, "kept");
    api.push(alice, v);
    api.push(alice, Revs.edit(v, "u-alice", "d", 2, "alice: seen at school"));
    Revision side = Revs.edit(v, "u-bea", "d", 3, "bea: seen at home");
    assertEquals("conflict", api.push(bea, side).get("outcome").asText());
    String conflict = server.store().read(tx -> tx.conflicts().open(v.id()).orElseThrow().id());
    String admin = api.token("admin.gus");
    assertEquals(200, api.send("GET", "/api/v1/admin/conflicts/" + conflict, admin, null)
        .status());
    damage(side, "home", "hoMe");
    assertRefused(api.send("GET", "/api/v1/admin/conflicts/" + conflict, admin, null), "hoMe");
    assertErrorLogged(side);
    damage(side, "hoMe", "home");
  }
}
