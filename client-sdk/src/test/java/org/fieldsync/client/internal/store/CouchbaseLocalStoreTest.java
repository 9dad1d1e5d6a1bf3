package org.fieldsync.client.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Couchbase Lite databases in temporary folders; no mocks. */
class CouchbaseLocalStoreTest {
  @TempDir Path dir;

  private static StoredRecord rec(String id, String caseId, List<String> children, String sortKey,
      String state) {
    return new StoredRecord(id, "visit", caseId, children, "1-aa", null, null, false, 1, "u1",
        "d1", sortKey, "{\"notes\":\"fictional\"}", state, null, 1L, sortKey);
  }

  private static OutboxEntry out(String id, String rev) {
    return new OutboxEntry(id, rev, null, -1, "{\"id\":\"" + id + "\"}");
  }

  @Test
  void nativeLibrariesLoadAndSavedRecordSurvivesReopen() {
    try (LocalStore s = CouchbaseLocalStore.open(dir)) {
      s.saveLocal(rec("r1", "case-1", List.of("c1", "c2"), "002", "PENDING"), out("r1", "1-aa"));
    }
    try (LocalStore s = CouchbaseLocalStore.open(dir)) {
      StoredRecord r = s.get("r1").orElseThrow();
      assertEquals(List.of("c1", "c2"), r.childIds());
      assertEquals("{\"notes\":\"fictional\"}", r.body());
      assertEquals(1, s.outboxSize());
    }
  }

  @Test
  void outboxDrainsInFifoOrderAndReplacementKeepsItsPlace() {
    try (LocalStore s = CouchbaseLocalStore.open(dir)) {
      s.saveLocal(rec("a", "case-1", List.of(), "1", "PENDING"), out("a", "1-aa"));
      s.saveLocal(rec("b", "case-1", List.of(), "2", "PENDING"), out("b", "1-bb"));
      s.saveLocal(rec("a", "case-1", List.of(), "3", "PENDING"), out("a", "2-aa"));
      List<OutboxEntry> q = s.outbox(10);
      assertEquals(List.of("a", "b"), q.stream().map(OutboxEntry::recordId).toList());
      assertEquals("2-aa", q.get(0).rev());
      assertEquals(1, s.outbox(1).size());
    }
  }

  @Test
  void conditionalOutboxRemovalKeepsANewerEditAndCheckpointIsStoredWithTheChanges() {
    try (LocalStore s = CouchbaseLocalStore.open(dir)) {
      s.saveLocal(rec("a", "case-1", List.of(), "1", "PENDING"), out("a", "2-new"));
      s.saveLocal(rec("b", "case-1", List.of(), "2", "PENDING"), out("b", "1-bb"));
      s.apply(new Changes(List.of(), List.of(),
          List.of(new OutboxRemoval("a", "1-old"), new OutboxRemoval("b", "1-bb")), "cp-7"));
      assertTrue(s.outboxFor("a").isPresent());
      assertFalse(s.outboxFor("b").isPresent());
      assertEquals("cp-7", s.checkpoint().orElseThrow());
    }
  }

  @Test
  void queriesByCaseTypeChildAndStateAndPurge() {
    try (LocalStore s = CouchbaseLocalStore.open(dir)) {
      s.saveLocal(rec("a", "case-1", List.of("c1"), "2", "SYNCED"), null);
      s.saveLocal(rec("b", "case-1", List.of("c2"), "1", "NEEDS_ATTENTION"), null);
      s.saveLocal(rec("c", "case-2", List.of("c1"), "3", "SYNCED"), null);
      assertEquals(List.of("b", "a"), ids(s.byCase("case-1", "visit")));
      assertEquals(List.of("a", "c"), ids(s.byChild("c1", null)));
      assertEquals(1, s.countByState("NEEDS_ATTENTION"));
      assertEquals(3, s.byType("visit").size());
      s.apply(new Changes(List.of(), s.recordIdsOfCase("case-1"), List.of(), null));
      assertEquals(List.of("c"), ids(s.byType("visit")));
    }
  }

  private static List<String> ids(List<StoredRecord> rows) {
    return rows.stream().map(StoredRecord::recordId).toList();
  }
}
