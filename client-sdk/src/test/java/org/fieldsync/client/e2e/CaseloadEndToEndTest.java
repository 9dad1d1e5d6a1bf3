package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.fieldsync.client.Caseload;
import org.fieldsync.client.FieldSync;
import org.junit.jupiter.api.Test;

/**
 * A worker opens the tablet in a family's kitchen with no signal and needs to pick the case and
 * the children for a new visit: the caseload from the last sync is on the tablet (encrypted), and
 * each sync keeps it current. Real server with its demo caseload, real Couchbase Lite.
 */
class CaseloadEndToEndTest extends ServerBackedTest {

  @Test
  void theCaseloadFromTheLastSyncIsThereOfflineAndEachSyncKeepsItCurrent() throws IOException {
    Path dir = tmp.resolve("alice");
    try (FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice")) {
      Caseload before = alice.caseload();
      assertTrue(before.cases().isEmpty(), "nothing before the first sync");
      assertNull(before.refreshedAt());

      alice.syncNow();

      Caseload c = alice.caseload();
      assertEquals(List.of("case-0001", "case-0002"),
          c.cases().stream().map(Caseload.Case::caseId).toList());
      Caseload.Case family = c.find(CASE).orElseThrow();
      assertEquals("Family DW-1", family.label());
      assertEquals("Dorchester", family.locality());
      assertEquals("team-dw", family.teamId());
      assertEquals(List.of(new Caseload.Child("child-0001", "T.P."),
          new Caseload.Child("child-0002", "M.P.")), family.children());
      assertTrue(family.allocated().stream().anyMatch(w -> w.userId().equals("u-alice")),
          family.allocated().toString());
      assertTrue(family.allocated().stream().anyMatch(w -> w.userId().equals("u-bea")),
          "a colleague on the same case: " + family.allocated());
      assertNotNull(c.refreshedAt());
    }
    assertFalse(Fixtures.allFiles(dir).contains("Family DW-1"),
        "kept encrypted, like the records");

    server.stop(); // no signal; the app restarts
    try (FieldSync alice = Fixtures.unenrolled(server.baseUrl(), dir, "fw.alice")) {
      Caseload offline = alice.caseload();
      assertEquals(List.of("case-0001", "case-0002"),
          offline.cases().stream().map(Caseload.Case::caseId).toList());
      assertEquals("T.P.", offline.find(CASE).orElseThrow().children().get(0).initials());
    }
    server.start();

    // Back at the office, case-0002 moves to another worker: the next sync says so.
    String erin = raw.token("tm.erin");
    RawClient.Response moved = raw.send("DELETE",
        "api/v1/admin/cases/case-0002/allocations/u-alice", erin, null);
    assertEquals(200, moved.status(), moved.body());
    try (FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice")) {
      alice.syncNow();
      assertEquals(List.of("case-0001"),
          alice.caseload().cases().stream().map(Caseload.Case::caseId).toList());
    }
  }
}
