package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.store.HistoryRow;
import org.junit.jupiter.api.Test;

class ReconcileTest {

  private static HistoryRow rev(String rev, String parent, String... others) {
    Revision r = new Revision("r", "visit", "case-1", List.of(), rev, parent, false, 1, "u", "d",
        "h", "{}");
    return new HistoryRow(r, List.of(others), 0, 0, "accepted", "u");
  }

  @Test
  void commonAncestorFollowsEveryParentAndPicksTheNearest() {
    // 1 -> 2a, 2b (concurrent); 3m merges 2a and 2b; 4x edits 3m; 3y edits 2b offline.
    List<HistoryRow> h = List.of(rev("1-a", null), rev("2-a", "1-a"), rev("2-b", "1-a"),
        rev("3-m", "2-a", "2-b"), rev("4-x", "3-m"), rev("3-y", "2-b"));
    assertEquals("1-a", Reconcile.commonAncestor(h, "2-a", "2-b"));
    assertEquals("2-b", Reconcile.commonAncestor(h, "4-x", "3-y"),
        "through the merge's second parent");
    assertEquals("3-m", Reconcile.commonAncestor(h, "4-x", "3-m"));
    assertNull(Reconcile.commonAncestor(h, "4-x", null));
    assertNull(Reconcile.commonAncestor(h, "4-x", "9-unknown"));
  }
}
