package org.fieldsync.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.testing.Revs;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The migration and every statement of the store's repositories on a real PostgreSQL
 * (127.0.0.1:5432, trust auth, as on the build machines; {@code .ci/run} starts it if it is down),
 * in a scratch database made and dropped by the test. This keeps the SQL honest for the PostgreSQL
 * store to come.
 */
class SqlRunsOnPostgresTest {
  private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private final String db = "fieldsync_sqlcheck_" + ProcessHandle.current().pid();
  private Connection c;

  @BeforeEach
  void createDatabase() throws Exception {
    try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db);
      s.execute("CREATE DATABASE " + db);
    }
    String url = "jdbc:postgresql://127.0.0.1:5432/" + db;
    Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load()
        .migrate();
    c = DriverManager.getConnection(url, "postgres", "");
    c.setAutoCommit(false);
  }

  @AfterEach
  void dropDatabase() throws Exception {
    c.close();
    try (Connection admin = DriverManager.getConnection(ADMIN_URL, "postgres", "");
        Statement s = admin.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db);
    }
  }

  @Test
  void everyStoreStatementRunsOnPostgres() throws Exception {
    try (JdbcTx tx = new JdbcTx(c)) {
      tx.directory().upsertTeam("team-1", "Chesil Family Help", "Chesil");
      tx.directory().upsertUser(new UserRow("u-1", "fw.one", "Wenna Carne", "hash",
          List.of("family_worker"), "team-1", "Dorset Council"));
      tx.directory().upsertUser(new UserRow("u-2", "tm.two", "Jory Keast", "hash",
          List.of("team_manager"), "team-1", "Dorset Council"));
      assertTrue(tx.directory().upsertCase("case-1", "team-1", "Chesil", "Family C-1"));
      assertFalse(tx.directory().upsertCase("case-1", "team-1", "Chesil", "Family C-1"));
      tx.directory().upsertChild("case-1", "child-1", "A.B.");
      assertTrue(tx.directory().setAllocation("case-1", "u-1", true, tx.feed().reserveSeqs(1)));
      assertEquals("fw.one", tx.directory().userById("u-1").orElseThrow().username());
      assertEquals("u-1", tx.directory().userByUsername("fw.one").orElseThrow().id());
      assertEquals("team-1", tx.directory().caseTeam("case-1").orElseThrow());
      assertEquals(Set.of("child-1"), tx.directory().caseChildren(List.of("case-1")).get("case-1"));
      assertEquals(Map.of("case-1", "Family C-1"), tx.directory().caseLabels(
          List.of("case-1", "case-9")));
      Scope scope = new Scope(Scope.Kind.ALLOCATED, "u-1");
      assertTrue(tx.directory().caseInScope(scope, "case-1"));
      assertFalse(tx.directory().caseInScope(new Scope(Scope.Kind.NONE, "u-1"), "case-1"));
      assertEquals(Set.of("u-1", "u-2"), tx.directory().usersHolding(List.of("case-1")));

      Revision r1 = Revs.newVisit("case-1", List.of("child-1"), "u-1", "dev", 1_000, "one");
      long seq = tx.feed().reserveSeqs(2);
      assertTrue(tx.revisions().current(List.of(r1.id())).isEmpty());
      tx.revisions().insertRevision(r1, "u-1", seq, "accepted", 1L);
      tx.revisions().putCurrent(r1, seq, "current", 1L);
      assertEquals(r1.rev(), tx.revisions().current(List.of(r1.id())).get(r1.id()).currentRev());
      assertEquals("accepted",
          tx.revisions().storedOutcomes(List.of(r1.id())).get(r1.id() + "\n" + r1.rev()).outcome());
      assertEquals(r1, tx.revisions().revision(r1.id(), r1.rev()).orElseThrow());

      Revision side = Revs.edit(r1, "u-1", "dev-2", 2_000, "two");
      tx.revisions().insertRevision(side, "u-1", seq + 1, "conflict", 2L);
      tx.conflicts().addSide(r1.id(), r1.rev(), r1, side, seq + 1, 2L);
      tx.revisions().markConflicted(r1.id(), seq + 1, 2L);
      assertEquals(2, tx.revisions().revisionCount(r1.id()));
      assertEquals("conflicted", tx.revisions().current(r1.id()).orElseThrow().status());
      assertEquals(1, tx.feed().changes(scope, "u-1", 0, tx.feed().currentSeq(), 10, null).size());
      assertEquals(1, tx.feed().changes(scope, "u-1", 0, tx.feed().currentSeq(), 10, "dev").size(),
          "a conflicted record is sent even to its own device");
      assertEquals(1, tx.feed().caseRecords("case-1", "u-1", 0, tx.feed().currentSeq(), 10).size());
      assertEquals(1, tx.feed().timeline("case-1", "u-1", scope).size());
      assertEquals(1, tx.feed().scopeEvents("u-1", 0, tx.feed().currentSeq(), 10).size());
      assertTrue(tx.directory().allocated("case-1", "u-1"));
      tx.devices().saveCheckpoint("dev", "u-1", "cp", 3L);
      tx.devices().saveCheckpoint("dev", "u-1", "cp2", 4L);

      // Conflicts, resolution, history and devices (schema version 2).
      String conflictId = tx.conflicts().open(r1.id()).orElseThrow().id();
      tx.conflicts().setFields(conflictId, List.of("notes"));
      ConflictRow open = tx.conflicts().get(conflictId).orElseThrow();
      assertEquals(List.of("notes"), open.fields());
      assertEquals(2, open.sides());
      assertEquals("Chesil", open.locality());
      assertEquals(1, tx.conflicts().list(new ConflictFilter("open", "Chesil", "team-1", "visit",
          Long.MAX_VALUE), 10).size());
      assertEquals(0, tx.conflicts().list(new ConflictFilter("resolved", null, null, null, null),
          10).size());
      assertEquals(2, tx.conflicts().sides(conflictId).size());
      assertEquals(List.of(conflictId), tx.conflicts().ofRecord(r1.id()).stream()
          .map(ConflictRow::id).toList());
      Revision resolution = Revs.edit(side, "u-2", "admin-console", 3_000, "three");
      assertTrue(tx.conflicts().resolve(conflictId, "u-2", 5L, "checked", resolution.rev()));
      assertFalse(tx.conflicts().resolve(conflictId, "u-2", 6L, "again", resolution.rev()),
          "a second resolution of the same conflict is refused");
      long seq3 = tx.feed().reserveSeqs(1);
      tx.revisions().insertRevision(resolution, "u-2", seq3, "resolution", 5L, List.of(r1.rev()));
      tx.revisions().putCurrent(resolution, seq3, "current", 5L);
      List<HistoryRow> history = tx.revisions().history(r1.id());
      assertEquals(3, history.size());
      assertEquals(List.of(r1.rev()), history.get(2).otherParents());
      FeedRow row = tx.feed().changes(scope, "u-1", 0, tx.feed().currentSeq(), 10, null).get(0);
      assertEquals("resolution", row.outcome());
      assertEquals("checked", row.note());
      tx.devices().seen(new DeviceRow("dev", "u-1", "1.2.0", 7L, 3, 1));
      tx.devices().seen(new DeviceRow("dev", "u-1", null, 8L, null, null));
      DeviceRow d = tx.devices().reports().get(0);
      assertEquals("1.2.0", d.appVersion(), "a report without a version keeps the last one");
      assertEquals(8L, d.lastSeenAt());
      assertEquals(3, d.pending());
      assertEquals("Chesil Family Help", tx.directory().teams().get("team-1"));
      assertEquals(List.of("Chesil"), tx.directory().localities());

      // Audit trail (schema version 3).
      AuditChain.append(tx, List.of(new AuditEvent("u-1", "family_worker",
          "dev", "login.ok", "fw.one", null), new AuditEvent(null, null,
          null, "access.refused", "GET /x", "{\"status\":401}")), 9L);
      AuditChain.append(tx, List.of(new AuditEvent("u-2", "team_manager",
          null, "signoff", "r", null)), 10L);
      List<AuditEntry> audit = tx.audit().entries(0, 10);
      assertEquals(3, audit.size());
      AuditChain.Verifier v =
          new AuditChain.Verifier();
      audit.forEach(v::accept);
      assertTrue(v.result().ok());
      assertEquals(1, tx.audit().entries(2, 10).size());

      // Logged-out tokens (schema version 5).
      tx.credentials().revokeToken("jti-1", "u-1", 4_000_000_000L);
      tx.credentials().revokeToken("jti-1", "u-1", 4_000_000_000L);
      assertEquals(Map.of("jti-1", 4_000_000_000L), tx.credentials().revokedTokens(1_000L));
      assertTrue(tx.credentials().revokedTokens(4_000_000_001L).isEmpty());

      // Refresh tokens (schema version 7).
      tx.credentials().addRefreshToken("h1", "u-1", "dev", 100L, 1_000L, 5_000L);
      var rotated = tx.credentials().rotateRefreshToken("h1", "dev", "h2", 200L, 1_000L, 50L);
      assertEquals(RefreshSpend.Outcome.ROTATED, rotated.outcome());
      assertEquals("u-1", rotated.userId());
      assertEquals(RefreshSpend.Outcome.RETRIED,
          tx.credentials().rotateRefreshToken("h1", "dev", "h3", 220L, 1_000L, 50L).outcome(),
          "the same token again within the grace, its successor unused");
      assertEquals(RefreshSpend.Outcome.UNKNOWN,
          tx.credentials().rotateRefreshToken("nope", "dev", "h4", 230L, 1_000L, 50L).outcome());
      assertEquals(RefreshSpend.Outcome.REUSED,
          tx.credentials().rotateRefreshToken("h2", "dev", "h5", 240L, 1_000L, 50L).outcome(),
          "h2 was ended by the retry");
      assertEquals(RefreshSpend.Outcome.REUSED,
          tx.credentials().rotateRefreshToken("h3", "dev", "h6", 250L, 1_000L, 50L).outcome(),
          "reuse ended every token of the device");
      tx.credentials().addRefreshToken("h7", "u-1", "dev", 300L, 10_000L, 5_000L);
      assertEquals(RefreshSpend.Outcome.OTHER_DEVICE,
          tx.credentials().rotateRefreshToken("h7", "dev-2", "h8", 310L, 1_000L, 50L).outcome());
      tx.credentials().addRefreshToken("h9", "u-1", "dev", 300L, 10_000L, 5_000L);
      assertEquals(RefreshSpend.Outcome.EXPIRED,
          tx.credentials().rotateRefreshToken("h9", "dev", "h10", 5_000L, 1_000L, 50L).outcome(),
          "the sign-in's session ended, however fresh the token");

      // Approval limits (schema version 8) and attachments (schema version 9).
      assertEquals(0L, tx.directory().approvalLimitPence("u-1"));
      tx.directory().setApprovalLimitPence("u-1", 25_000L);
      assertEquals(25_000L, tx.directory().approvalLimitPence("u-1"));
      byte[] bytes = {0, 1, 2, (byte) 0xff, 42};
      String sha = Digests.sha256Hex(bytes);
      assertTrue(tx.attachments().add("case-1", sha, "image/png", bytes, "u-1", "dev", 11L));
      assertFalse(tx.attachments().add("case-1", sha, "image/png", bytes, "u-1", "dev", 12L),
          "stored once");
      assertTrue(tx.attachments().exists("case-1", sha));
      assertFalse(tx.attachments().exists("case-2", sha));
      Object[] got = tx.attachments().get("case-1", sha).orElseThrow();
      assertEquals("image/png", got[0]);
      Assertions.assertArrayEquals(bytes, (byte[]) got[1]);

      // Integrity scans (verify-store): keyset pages, nothing damaged.
      ScanPage first = tx.revisions().scan("", "", 2);
      assertEquals(2, first.scanned());
      assertEquals(List.of(), first.damaged());
      ScanPage rest = tx.revisions().scan(first.lastKey(), first.lastKey2(), 100);
      assertEquals(tx.revisions().revisionCount(r1.id()) - 2, rest.scanned());
      assertEquals(new ScanPage(1, List.of(), "case-1", sha), tx.attachments().scan("", "", 10));
      assertEquals(0, tx.attachments().scan("case-1", sha, 10).scanned());
    }
    c.commit();
  }
}
