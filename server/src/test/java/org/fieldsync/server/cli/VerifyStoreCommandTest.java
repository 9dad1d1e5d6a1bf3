package org.fieldsync.server.cli;

import static org.fieldsync.server.cli.CommandLines.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.cli.CommandLines.Run;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.StoreDamage;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify-store}: SQLite's integrity check, every revision against its rev, every
 * attachment against its SHA-256 and the audit chain, as a report an operator can read; exit 0
 * when intact, 1 when damaged, 2 when there is nothing to read.
 */
class VerifyStoreCommandTest {
  private static final String DRAWING = "fictional drawing bytes: a house and a dog";
  @TempDir Path tmp;
  private Path data;
  private Revision visit;
  private String sha;

  /** A store with demo data, a visit and an attachment, its server stopped. */
  @BeforeEach
  void seed() throws Exception {
    data = tmp.resolve("data");
    try (TestServer server = TestServer.start(data)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-v");
      visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1,
          "Seen at home.");
      assertEquals("accepted", new Api(server.port()).push(alice, visit).get("outcome")
          .asText());
      sha = Digests.sha256Hex(DRAWING.getBytes(StandardCharsets.UTF_8));
      RawHttp.Response up = RawHttp.send(server.port(), "PUT", "/api/v1/cases/case-0001"
          + "/attachments/" + sha, Map.of("Authorization", "Bearer " + alice.login(),
          "Content-Type", "image/png"), DRAWING);
      assertEquals(200, up.status(), up.body());
    }
  }

  private void sql(String... statements) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:"
        + data.resolve("fieldsync.db")); Statement s = c.createStatement()) {
      for (String st : statements) {
        s.executeUpdate(st);
      }
    }
  }

  @Test
  void anIntactStoreIsReportedIntactWithExitCodeZero() {
    Run r = run("verify-store", "--data", data.toString());
    assertEquals(0, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("SQLite integrity check") && r.out().contains(" ok"), r.out());
    assertTrue(r.out().matches("(?s).*revisions against their rev\\s+\\d+ checked, 0 damaged.*"),
        r.out());
    assertTrue(r.out().contains("1 checked, 0 damaged"), "the attachment: " + r.out());
    assertTrue(r.out().matches("(?s).*audit chain\\s+\\d+ entries intact.*"), r.out());
    assertTrue(r.out().strip().endsWith("verify-store: the store is intact"), r.out());
  }

  @Test
  void everyDamagedRowIsNamedAndTheExitCodeIsOne() throws Exception {
    sql("UPDATE revisions SET body = replace(body, 'home', 'hOme') WHERE record_id = '"
        + visit.id() + "'",
        "UPDATE attachments SET content = X'00' || content WHERE sha256 = '" + sha + "'",
        "UPDATE audit_log SET target = 'someone else' WHERE seq = 3");
    Run r = run("verify-store", "--data", data.toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("revision " + visit.rev() + " of record " + visit.id()), r.out());
    assertTrue(r.out().contains("attachment " + sha + " of case case-0001"), r.out());
    assertTrue(r.out().contains("broken at entry 3"), r.out());
    assertTrue(r.out().contains("verify-store: DAMAGED (3 problem(s))"), r.out());
    assertTrue(!r.out().contains("hOme"), "content is never printed");
  }

  @Test
  void aDatabaseSqliteFindsMalformedIsReportedNotCrashedOn() throws Exception {
    StoreDamage.breakRevisionsPage(data);
    Run r = run("verify-store", "--data", data.toString());
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().matches("(?s).*SQLite integrity check\\s+\\d+ problem\\(s\\).*"),
        r.out());
    assertTrue(r.out().contains("DAMAGED"), r.out());
  }

  @Test
  void aFolderWithNoStoreIsExitCodeTwo() {
    Run r = run("verify-store", "--data", tmp.resolve("empty").toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("there is no store"), r.err());
  }
}
